package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code FluxReceive.drainReceiver()}, which hands the received buffers to the
 * application's subscriber whenever they arrive or it asks for more: the application's operators run
 * in the call's context, and a subscriber still asking for more once the queue is drained is waiting
 * for the server (however slow), not abandoning the stream; one that asks for nothing more is idle.
 */
final class ReceiveDrainAdvice {
  private ReceiveDrainAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("parent") Object operations) {
    return HttpExchangeBridge.enterContext(InstrumentedObjects.stateOf(operations));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object context, @Advice.FieldValue("parent") Object operations,
      @Advice.FieldValue("receiverDemand") long demand) {
    HttpExchangeBridge.exitContext(context);
    if (context != null) {
      // What is left of the demand once drained: the subscriber waits for more, or asks for nothing now.
      if (demand > 0) {
        HttpExchangeBridge.readStarted(InstrumentedObjects.stateOf(operations));
      } else {
        HttpExchangeBridge.readPaused(InstrumentedObjects.stateOf(operations));
      }
    }
  }
}
