package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.HttpExchangeBridge;
import net.bytebuddy.asm.Advice;
import okhttp3.Response;

/**
 * Inlined into {@code RealCall.getResponseWithInterceptorChain}, which both sync and async calls run
 * (after OkHttp's own retries and redirects): the status and content type, or the failure. The call's
 * span is current while the interceptors run, so spans they make (the OpenTelemetry Java agent's HTTP
 * CLIENT span) are its children.
 */
final class OkHttpResponseAdvice {
  private OkHttpResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange) {
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object scope, @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange,
      @Advice.Return Object returned, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitContext(scope);
    if (exchange == null) {
      return;
    }
    if (error != null) {
      HttpExchangeBridge.failed(exchange, error);
    } else if (returned != null) {
      Response response = (Response) returned;
      // OkHttp unzips transparently above the hooked body source: the network response says what
      // the bytes seen there are.
      Response network = response.networkResponse();
      HttpExchangeBridge.responded(
          exchange, response.code(), response.header("Content-Type"),
          network == null ? response.header("Content-Encoding") : network.header("Content-Encoding"));
    }
  }
}
