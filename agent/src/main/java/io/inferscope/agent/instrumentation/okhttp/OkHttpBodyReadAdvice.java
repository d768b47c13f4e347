package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.HttpExchangeBridge;
import java.io.OutputStream;
import net.bytebuddy.asm.Advice;
import okio.Buffer;

/**
 * Inlined into {@code Exchange$ResponseBodySource.read(Buffer, long)}, the source every response
 * body is read through: the bytes just read (shown in place, never consumed), the end (-1) or the failure.
 */
final class OkHttpBodyReadAdvice {
  private OkHttpBodyReadAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("this$0") Object httpExchange) {
    HttpExchangeBridge.readStarted(InstrumentedObjects.stateOf(httpExchange));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.FieldValue("this$0") Object httpExchange, @Advice.Argument(0) Object sinkBuffer, @Advice.Return long read,
      @Advice.Thrown Throwable error) throws Exception {
    Object exchange = InstrumentedObjects.stateOf(httpExchange);
    if (exchange == null) {
      return;
    }
    if (error != null) {
      HttpExchangeBridge.failed(exchange, error);
    } else if (read < 0) {
      HttpExchangeBridge.bodyEnded(exchange);
    } else if (read > 0) {
      OutputStream out = HttpExchangeBridge.bodyRead(exchange);
      if (out != null) {
        Buffer sink = (Buffer) sinkBuffer;
        sink.copyTo(out, sink.size() - read, read);
      }
    }
  }
}
