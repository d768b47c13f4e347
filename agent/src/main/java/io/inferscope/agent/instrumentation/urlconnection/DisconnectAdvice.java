package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Entering {@code disconnect}: an exchange still open ends here, completed if its answer was read
 * whole, else cancelled. Before the JDK closes the body's stream underneath the application's.
 */
final class DisconnectAdvice {
  private DisconnectAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This HttpURLConnection connection) {
    UrlConnectionBridge.disconnected(connection);
  }
}
