package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientConnect$HttpClientHandler.test(Throwable)}, the retry predicate every
 * failure of an attempt goes through before the application sees it (a refused connection, a
 * connection closed before the answer, a timeout) and also the client's own follow-ups: a redirect or
 * an authentication challenge ends its attempt as answered (its status was seen), the next attempt
 * starts its own exchange. The handler forgets the attempt's exchange either way.
 */
final class AttemptFailedAdvice {
  private AttemptFailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object handler, @Advice.Argument(0) Throwable error) {
    Object exchange = InstrumentedObjects.stateOf(handler);
    if (exchange == null) {
      return;
    }
    ((InstrumentedObject) handler).inferscope$setState(null);
    String type = error == null ? "" : error.getClass().getName();
    if (type.equals("reactor.netty.http.client.RedirectClientException")
        || type.equals("reactor.netty.http.client.HttpClientAuthenticationException")) {
      HttpExchangeBridge.bodyEnded(exchange);
    } else {
      HttpExchangeBridge.failed(exchange, error);
    }
  }
}
