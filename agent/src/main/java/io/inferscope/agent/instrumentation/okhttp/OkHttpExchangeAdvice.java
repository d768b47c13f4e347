package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the {@code Exchange} constructor: the exchange (one request/response on the wire)
 * takes the LLM exchange of the call it belongs to, so the body source can find it through its outer
 * exchange in every OkHttp version (4.x passes the call first, 3.14 second, after the transmitter).
 */
final class OkHttpExchangeAdvice {
  private OkHttpExchangeAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object exchange, @Advice.AllArguments Object[] arguments) {
    for (Object argument : arguments) {
      if (argument instanceof InstrumentedObject) {
        ((InstrumentedObject) exchange).inferscope$setState(InstrumentedObjects.stateOf(argument));
        return;
      }
    }
  }
}
