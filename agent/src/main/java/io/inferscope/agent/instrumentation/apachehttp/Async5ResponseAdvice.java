package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Inlined into {@code consumeResponse(response, entityDetails, context)} of the exchange handler
 * HttpClient 5's async transports make per attempt ({@code HttpAsyncMainClientExec$1},
 * {@code H2AsyncMainClientExec$1}), on the I/O thread: the status and headers as received (the
 * client decompresses above this point). The application's response consumer runs inside, with the
 * call's context current. A response without a body ends the exchange here.
 */
final class Async5ResponseAdvice {
  private Async5ResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("val$execRuntime") Object runtime, @Advice.Argument(0) Object received) {
    Object exchange = InstrumentedObjects.stateOf(runtime);
    if (exchange == null) {
      return null;
    }
    HttpResponse response = (HttpResponse) received;
    Header type = response.getFirstHeader("Content-Type");
    Header encoding = response.getFirstHeader("Content-Encoding");
    HttpExchangeBridge.responded(
        exchange, response.getCode(), type == null ? null : type.getValue(), encoding == null ? null : encoding.getValue());
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object context, @Advice.FieldValue("val$execRuntime") Object runtime,
      @Advice.Argument(1) Object entityDetails, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitContext(context);
    Object exchange = InstrumentedObjects.stateOf(runtime);
    if (exchange == null) {
      return;
    }
    if (error != null) {
      HttpExchangeBridge.failed(exchange, error);
    } else if (entityDetails == null) {
      HttpExchangeBridge.bodyEnded(exchange);
    }
  }
}
