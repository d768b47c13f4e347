package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/** Leaving {@code connect}: a refused or timed-out connection fails the exchange. */
final class ConnectExitAdvice {
  private ConnectExitAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object opened, @Advice.This HttpURLConnection connection, @Advice.Thrown Throwable error,
      @Advice.FieldValue("responseCode") int responseCode) {
    UrlConnectionBridge.exit(opened);
    if (error != null) {
      UrlConnectionBridge.failed(connection, error, responseCode);
    }
  }
}
