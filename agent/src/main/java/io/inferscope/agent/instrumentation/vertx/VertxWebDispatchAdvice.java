package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.ReadDemand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the web client's {@code HttpContext.handleDispatchResponse()}, where it hands the
 * finished response to the application's future (its {@code onSuccess}/{@code onComplete} run
 * inside): the web client completes it after the body's end has been handled, from a later event-loop
 * task, so the call's context is made current here as well, and closed when the application's
 * handlers return.
 */
final class VertxWebDispatchAdvice {
  private VertxWebDispatchAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("clientRequest") Object request, @Advice.FieldValue("clientResponse") Object response) {
    // The web client lets go of its request once the response is in.
    Object exchange = InstrumentedObjects.stateOf(request);
    return HttpExchangeBridge.enterContext(exchange != null ? exchange : ReadDemand.exchangeOf(response));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
