package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Leaving {@code getOutputStream}: the application gets a stream that passes every write to the
 * JDK's and keeps a bounded copy for the exchange; a failure to connect fails the exchange.
 */
final class OutputStreamExitAdvice {
  private OutputStreamExitAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object opened, @Advice.This HttpURLConnection connection, @Advice.Thrown Throwable error,
      @Advice.FieldValue("responseCode") int responseCode,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) OutputStream returned) {
    UrlConnectionBridge.exit(opened);
    if (error != null) {
      UrlConnectionBridge.failed(connection, error, responseCode);
    } else {
      returned = UrlConnectionBridge.requestStream(connection, returned);
    }
  }
}
