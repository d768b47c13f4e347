package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientConnect$HttpClientHandler.channel(HttpClientOperations)}, called once
 * the attempt has its connection and before its request is written: the attempt's operations (one
 * per request on the wire) take its exchange, where the request and response hooks find it.
 */
final class AttemptChannelAdvice {
  private AttemptChannelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object handler, @Advice.Argument(0) Object operations) {
    if (operations instanceof InstrumentedObject) {
      ((InstrumentedObject) operations).inferscope$setState(InstrumentedObjects.stateOf(handler));
    }
  }
}
