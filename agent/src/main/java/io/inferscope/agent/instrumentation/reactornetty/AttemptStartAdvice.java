package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.netty.handler.codec.http.HttpMethod;
import java.net.URI;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientConnect$HttpClientHandler.get()}, which the connection provider calls
 * for the address of each attempt (the first on the subscribing thread, a redirect's or a retry's where
 * the previous attempt ended): an LLM request starts its exchange here, before connecting, so that a
 * connection refused is a failed call too. The handler keeps it until the attempt ends or is handed
 * its connection. The target is the handler's URI as Reactor Netty prints it (scheme, host, port,
 * path); the query is never passed on.
 */
final class AttemptStartAdvice {
  private AttemptStartAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.This Object handler, @Advice.FieldValue("toURI") Object target, @Advice.FieldValue("method") Object method) {
    if (InstrumentedObjects.stateOf(handler) != null || !(method instanceof HttpMethod)) {
      return; // this attempt's exchange started at an earlier ask
    }
    String url = String.valueOf(target);
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      return; // a Unix domain socket or a WebSocket: no LLM call
    }
    URI uri = URI.create(url);
    String host = uri.getHost();
    if (host == null) {
      return;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // as the other clients give an IPv6 literal
    }
    int port = uri.getPort() > 0 ? uri.getPort() : url.startsWith("https") ? 443 : 80;
    String name = ((HttpMethod) method).name();
    String path = uri.getRawPath();
    if (HttpExchangeBridge.observes(name, host, port, path)) {
      ((InstrumentedObject) handler).inferscope$setState(HttpExchangeBridge.start(name, host, port, path, null));
    }
  }
}
