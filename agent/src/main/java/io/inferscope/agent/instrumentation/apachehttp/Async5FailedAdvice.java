package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code failed(Exception)} of HttpClient 5's async exchange handlers: the attempt
 * failed after it reached the transport (a reset connection, a timeout). The failure travels up to
 * the application's consumer and {@code FutureCallback.failed}, which run inside with the call's
 * context current.
 */
final class Async5FailedAdvice {
  private Async5FailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("val$execRuntime") Object runtime, @Advice.Argument(0) Throwable cause) {
    Object exchange = InstrumentedObjects.stateOf(runtime);
    if (exchange == null) {
      return null;
    }
    HttpExchangeBridge.failed(exchange, cause);
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
