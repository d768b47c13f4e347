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
    if (!HttpExchangeBridge.hasResponse(exchange)) {
      return; // a retried attempt's answer, read by an interceptor before the call's response was reported
    }
    if (error != null) {
      HttpExchangeBridge.failed(exchange, error);
    } else if (read < 0) {
      HttpExchangeBridge.bodyEnded(exchange);
    } else if (read > 0) {
      OutputStream out = HttpExchangeBridge.bodyRead(exchange);
      if (out != null) {
        // The bytes just read are the sink's last ones. Buffer.copyTo would find them by walking the
        // sink's segments from its head: a line reader's sink holds the whole line read so far, so a
        // 1 MB line cost a walk of up to 128 segments per read. The cursor seeks from the nearer end
        // (the tail) and shows each segment's array in place, with no copy.
        Buffer sink = (Buffer) sinkBuffer;
        Buffer.UnsafeCursor cursor = sink.readUnsafe();
        try {
          long left = read;
          for (int available = cursor.seek(sink.size() - read); left > 0 && available > 0; available = cursor.next()) {
            int length = (int) Math.min(available, left);
            out.write(cursor.data, cursor.start, length);
            left -= length;
          }
        } finally {
          cursor.close();
        }
      }
    }
  }
}
