package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.io.InputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Leaving {@code getInputStream}, which every response getter ({@code getResponseCode},
 * {@code getHeaderField}, ...) goes through: the response is reported once and the application gets
 * a stream that shows the exchange every byte it reads. The JDK throws for an error status: then the
 * response is reported and its body is the error stream; any other exception fails the exchange.
 */
final class InputStreamExitAdvice {
  private InputStreamExitAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object opened, @Advice.This HttpURLConnection connection, @Advice.Thrown Throwable error,
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) InputStream returned) {
    UrlConnectionBridge.exit(opened);
    if (error != null) {
      UrlConnectionBridge.failed(connection, error, responseCode);
    } else {
      returned = UrlConnectionBridge.responseStream(connection, returned, responseCode);
    }
  }
}
