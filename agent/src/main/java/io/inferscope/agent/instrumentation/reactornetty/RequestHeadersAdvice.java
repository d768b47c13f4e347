package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.netty.handler.codec.http.HttpHeaders;
import net.bytebuddy.asm.Advice;
import reactor.netty.http.client.HttpClientRequest;

/**
 * Inlined into {@code HttpClientOperations.beforeMarkSentHeaders()}, which runs once per request on the
 * wire just before its headers are written, after the application (or {@code WebClient}) set its own:
 * the attempt's trace headers are added, unless the request already carries one of them. The headers
 * are the attempt's own copy (Reactor Netty copies the configured ones into each attempt's request),
 * so the application's configuration never changes.
 */
final class RequestHeadersAdvice {
  private RequestHeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object operations) {
    Object exchange = InstrumentedObjects.stateOf(operations);
    String[] fields = HttpExchangeBridge.propagationFields(exchange);
    if (fields == null) {
      return;
    }
    HttpHeaders headers = ((HttpClientRequest) operations).requestHeaders();
    for (String field : fields) {
      if (headers.contains(field)) {
        return; // the application propagates for itself
      }
    }
    String[] pairs = HttpExchangeBridge.propagationHeaders(exchange);
    if (pairs != null) {
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        headers.set(pairs[i], pairs[i + 1]);
      }
    }
  }
}
