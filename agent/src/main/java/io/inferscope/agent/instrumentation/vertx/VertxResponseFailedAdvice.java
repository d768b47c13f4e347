package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.ReadDemand;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientResponseImpl.handleException(Throwable)}: the body failed before its
 * end (reset, closed connection). The application's exception handler runs inside, in the call's context.
 */
final class VertxResponseFailedAdvice {
  private VertxResponseFailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state, @Advice.Argument(0) Throwable error) {
    if (!(state instanceof ReadDemand)) {
      return null;
    }
    Object exchange = ((ReadDemand) state).exchange();
    HttpExchangeBridge.failed(exchange, error);
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
