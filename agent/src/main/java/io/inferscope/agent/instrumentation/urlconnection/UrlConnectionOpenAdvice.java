package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Entered first in the JDK's {@code HttpURLConnection.connect} and {@code getOutputStream}: on the
 * connection's first such call (the JDK marks it connecting from then on, so its calls nested in one
 * another are not first) an observed request's exchange starts, before the JDK can send the headers.
 */
final class UrlConnectionOpenAdvice {
  private UrlConnectionOpenAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.This HttpURLConnection connection, @Advice.FieldValue("connecting") boolean connecting,
      @Advice.FieldValue("connected") boolean connected) {
    // getOutputStream requires doOutput; a connect with doOutput is followed by it.
    return connecting || connected ? null : UrlConnectionBridge.opened(connection, connection.getDoOutput());
  }
}
