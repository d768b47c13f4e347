package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code cancel()} of HttpClient 5's async exchange handlers: the application cancelled
 * the call's future (or the client shut down) while it was in flight, an early close.
 */
final class Async5CancelAdvice {
  private Async5CancelAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("val$execRuntime") Object runtime) {
    if (runtime instanceof InstrumentedObject) {
      HttpExchangeBridge.bodyClosed(InstrumentedObjects.stateOf(runtime));
    }
  }
}
