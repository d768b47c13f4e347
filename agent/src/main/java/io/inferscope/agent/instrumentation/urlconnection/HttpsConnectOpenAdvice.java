package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;

/**
 * Entered first in the HTTPS delegate's own {@code connect} (the HTTPS connection the application
 * holds passes every call to that delegate, whose other methods are the plain connection's): an
 * application's explicit {@code connect} may be the first call. The delegate cannot see the
 * connecting mark, so nested calls are told apart by the open exchange, in the bridge.
 */
final class HttpsConnectOpenAdvice {
  private HttpsConnectOpenAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This HttpURLConnection connection, @Advice.FieldValue("connected") boolean connected) {
    return connected ? null : UrlConnectionBridge.opened(connection, connection.getDoOutput());
  }
}
