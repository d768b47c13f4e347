package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientOperations.onInboundCancel()}: the application's subscriber cancelled
 * ({@code dispose()}, {@code take(n)}, a timeout operator) or disposed the connection before the answer
 * ended, an early close; after the end it changes nothing.
 */
final class CancelAdvice {
  private CancelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object operations) {
    HttpExchangeBridge.bodyClosed(InstrumentedObjects.stateOf(operations));
  }
}
