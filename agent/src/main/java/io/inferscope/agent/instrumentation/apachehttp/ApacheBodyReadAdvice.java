package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import java.io.OutputStream;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code EofSensorInputStream.read()} and {@code read(byte[], int, int)} (HttpClient 5's
 * in httpcore5, 4.5's in httpclient), the stream every response body of the classic clients is read
 * through: the bytes just read (shown in place, never changed), the end (-1) or the failure. The
 * stream's watcher is the response's entity proxy, which holds the exchange. {@code read(byte[])}
 * calls the three-argument read, so it is not hooked itself (its bytes would count twice).
 */
final class ApacheBodyReadAdvice {
  private ApacheBodyReadAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("eofWatcher") Object watcher) {
    Object exchange = InstrumentedObjects.stateOf(watcher);
    HttpExchangeBridge.readStarted(exchange);
    return exchange;
  }

  /** @param bytes the caller's buffer, or null for the one-byte read */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object exchange, @Advice.Argument(value = 0, optional = true) byte[] bytes,
      @Advice.Argument(value = 1, optional = true) int offset, @Advice.Return int read, @Advice.Thrown Throwable error)
      throws Exception {
    if (exchange == null) {
      return;
    }
    if (error != null) {
      HttpExchangeBridge.failed(exchange, error);
    } else if (read < 0) {
      HttpExchangeBridge.bodyEnded(exchange);
    } else if (bytes != null) {
      if (read > 0) {
        HttpExchangeBridge.bodyBytes(exchange, bytes, offset, read);
      }
    } else {
      OutputStream out = HttpExchangeBridge.bodyRead(exchange);
      if (out != null) {
        out.write(read);
      }
    }
  }
}
