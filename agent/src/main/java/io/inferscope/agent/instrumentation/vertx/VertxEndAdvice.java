package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.ReadDemand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientResponseImpl.handleEnd(trailers)}: the body ended, and so does the
 * exchange, before the application's end handler runs and the web client completes its response
 * future; those run inside, with the call's context current.
 */
final class VertxEndAdvice {
  private VertxEndAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state) {
    if (!(state instanceof ReadDemand)) {
      return null;
    }
    Object exchange = ((ReadDemand) state).exchange();
    HttpExchangeBridge.bodyEnded(exchange);
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
