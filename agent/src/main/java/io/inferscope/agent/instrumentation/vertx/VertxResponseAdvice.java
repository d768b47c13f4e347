package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.ReadDemand;
import io.vertx.core.http.HttpClientResponse;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientRequestImpl.handleResponse(promise, response, timeout)}, on the event
 * loop once the status and headers are in (before any body chunk; the client decompresses below this
 * point): the exchange learns the answer's status and framing, and the response takes the exchange with
 * the application's demand for its body. The application's response handlers and futures run inside,
 * with the call's context current, and it is closed again before the event loop goes on.
 */
final class VertxResponseAdvice {
  private VertxResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object request, @Advice.Argument(1) Object received) {
    Object exchange = InstrumentedObjects.stateOf(request);
    if (exchange == null) {
      return null;
    }
    HttpClientResponse response = (HttpClientResponse) received;
    HttpExchangeBridge.responded(
        exchange, response.statusCode(), response.getHeader("Content-Type"), response.getHeader("Content-Encoding"));
    if (received instanceof InstrumentedObject) {
      ((InstrumentedObject) received).inferscope$setState(ReadDemand.flowing(exchange));
    }
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
