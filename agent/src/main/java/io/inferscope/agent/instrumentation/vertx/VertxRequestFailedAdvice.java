package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientRequestImpl.handleException(Throwable)}: the attempt failed after its
 * head was written (a reset or closed connection, a timeout). The failure reaches the application's
 * handlers and futures inside, with the call's context current.
 */
final class VertxRequestFailedAdvice {
  private VertxRequestFailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object request, @Advice.Argument(0) Throwable error) {
    Object exchange = InstrumentedObjects.stateOf(request);
    if (exchange == null) {
      return null;
    }
    HttpExchangeBridge.failed(exchange, error);
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
