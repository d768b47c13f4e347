package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ChannelOperations.onInboundError(Throwable)}, where Reactor Netty hands a receive
 * failure to the application's subscriber (the connection closed during the answer, a read timeout, an
 * undecodable message): the exchange fails with it. Every Reactor Netty connection goes through here;
 * only an HTTP client's operations for an observed call carry an exchange.
 */
final class InboundErrorAdvice {
  private InboundErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object operations, @Advice.Argument(0) Throwable error) {
    HttpExchangeBridge.failed(InstrumentedObjects.stateOf(operations), error);
  }
}
