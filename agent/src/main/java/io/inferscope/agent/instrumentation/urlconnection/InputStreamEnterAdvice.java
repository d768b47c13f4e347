package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Entering the JDK's {@code HttpURLConnection.getInputStream}: on the connection's first call (as in
 * {@link UrlConnectionOpenAdvice}) an observed request's exchange starts; every call is counted, so
 * that only the outermost one's return reports the response (the JDK calls it within itself).
 */
final class InputStreamEnterAdvice {
  private InputStreamEnterAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.This HttpURLConnection connection, @Advice.FieldValue("connecting") boolean connecting,
      @Advice.FieldValue("connected") boolean connected) {
    return UrlConnectionBridge.receiving(connection, !connecting && !connected);
  }
}
