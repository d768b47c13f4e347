package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientRequestBase.reset(code)} and {@code reset(code, cause)}: the application
 * (or the web client on its behalf) gave up on the request; before the body's end that is an early close.
 */
final class VertxResetAdvice {
  private VertxResetAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object request) {
    HttpExchangeBridge.bodyClosed(InstrumentedObjects.stateOf(request));
  }
}
