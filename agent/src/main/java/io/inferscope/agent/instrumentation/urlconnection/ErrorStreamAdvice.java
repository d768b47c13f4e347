package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.bootstrap.UrlConnectionBridge;
import java.io.InputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Leaving {@code getErrorStream}: an error response's body, read through a stream that shows the exchange its bytes. */
final class ErrorStreamAdvice {
  private ErrorStreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.This HttpURLConnection connection,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) InputStream returned) {
    returned = UrlConnectionBridge.errorStream(connection, returned);
  }
}
