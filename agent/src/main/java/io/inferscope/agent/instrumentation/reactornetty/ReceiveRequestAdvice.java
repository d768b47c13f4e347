package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code FluxReceive.request(long)}, on the application's thread when it asks for more:
 * from that moment it waits for the server, before the event loop (maybe busy) gets to the request.
 */
final class ReceiveRequestAdvice {
  private ReceiveRequestAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("parent") Object operations, @Advice.Argument(0) long n) {
    if (n > 0) {
      HttpExchangeBridge.readStarted(InstrumentedObjects.stateOf(operations));
    }
  }
}
