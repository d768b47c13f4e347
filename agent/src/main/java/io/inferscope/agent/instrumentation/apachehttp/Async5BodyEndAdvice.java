package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code streamEnd(trailers)} of HttpClient 5's async exchange handlers: the body ended,
 * and so does the exchange, before the application's consumer builds its result and completes the
 * call's future. That completion (the application's {@code FutureCallback.completed}) runs inside,
 * with the call's context current.
 */
final class Async5BodyEndAdvice {
  private Async5BodyEndAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("val$execRuntime") Object runtime) {
    Object exchange = InstrumentedObjects.stateOf(runtime);
    if (exchange == null) {
      return null;
    }
    HttpExchangeBridge.bodyEnded(exchange);
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
