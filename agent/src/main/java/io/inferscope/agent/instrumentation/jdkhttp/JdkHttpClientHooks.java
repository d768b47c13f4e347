package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.http.TracePropagation;
import io.inferscope.agent.instrumentation.http.ClientEntry;
import io.inferscope.agent.llm.Failures;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.HttpClientBridge;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Turns JDK HttpClient sends into {@link HttpExchange}s (LLM calls, remote inference). Other requests
 * cost one classification of the URI and are otherwise untouched. Unlike the other clients, whose
 * types the agent cannot see and which report through the shared {@code HttpExchangeBridge}, the
 * JDK's types are visible to the agent's loader, so the hooks wrap the application's body handler
 * and future here.
 */
final class JdkHttpClientHooks extends HttpClientBridge {
  private static final String[] NO_HEADERS = {};
  private final HttpExchanges exchanges;

  JdkHttpClientHooks(HttpExchanges exchanges) {
    this.exchanges = exchanges;
  }

  /**
   * An exchange and the body handler that reports to it; {@code copyLimit} &gt; 0 when the request has a
   * body that could not be read beforehand, to be copied as it is sent ({@link CopyingBodyPublisher}).
   * {@code joined}: the exchange was entered further up, by WebClient's filter beside the OpenTelemetry
   * Java agent; the context current at the send (that agent's WebClient span) then stays current, so its
   * own span of this send is suppressed under it, as without InferScope.
   */
  private record Traced(HttpExchange exchange, TracingBodyHandler<?> handler, int copyLimit, boolean joined) {}

  /** The call's context, current during the application's {@code send}. */
  private record Entered(HttpExchange exchange, Scope scope) {}

  @Override
  protected Object onEnterContext(Object traced) {
    Traced call = (Traced) traced;
    return new Entered(call.exchange(), call.joined() ? Scope.noop() : call.exchange().enter());
  }

  @Override
  protected void onExitContext(Object entered, Throwable error) {
    Entered call = (Entered) entered;
    try {
      call.scope().close();
    } catch (Throwable t) {
      HookErrors.report("java-http-client context", t);
    }
    if (error != null) {
      // Thrown before the request was handed over (an interrupted caller), or the send failed.
      call.exchange().failed(error);
    }
  }

  @Override
  protected Object onStartedBy(Object bodyHandler) {
    return bodyHandler instanceof TracingBodyHandler<?> ours ? new Traced(ours.exchange(), ours, 0, false) : null;
  }

  @Override
  protected Object onStart(Object request, Object bodyHandler) {
    if (bodyHandler instanceof TracingBodyHandler<?>) {
      return null; // already started by an outer send of the same call
    }
    try {
      HttpRequest http = (HttpRequest) request;
      URI uri = http.uri();
      String method = http.method();
      String host = uri.getHost();
      int port = HttpExchanges.port(uri);
      String path = uri.getRawPath();
      if (!exchanges.observes(method, host, port, path)) {
        return null; // not an observed request: its body is never read
      }
      // The cap is 0 when body reading is off: the call is still observed, from its endpoint alone.
      JdkRequestBodies.Reading body = new JdkRequestBodies.Reading(http);
      Context current = Context.current();
      HttpExchange exchange =
          ClientEntry.takeAwaiting(current, method, host, port, path, () -> body.apply(exchanges.maxRequestBytes()));
      boolean joined = exchange != null;
      if (!joined) {
        exchange = exchanges.start(current, method, host, port, path, body);
      }
      return exchange == null
          ? null
          : new Traced(exchange, new TracingBodyHandler<>((HttpResponse.BodyHandler<?>) bodyHandler, exchange), body.copyLimit(), joined);
    } catch (Throwable t) {
      HookErrors.report("java-http-client send", t);
      return null;
    }
  }

  @Override
  protected Object onBodyHandler(Object traced) {
    return ((Traced) traced).handler();
  }

  /**
   * A copy of the request with the call's trace headers, and with a body that could not be read
   * beforehand copied as it is sent; the original's method, body publisher, timeout, version and
   * expect-continue carry over ({@code HttpRequest.newBuilder(request, filter)}).
   */
  @Override
  protected Object onPropagated(Object traced, Object request) {
    try {
      HttpRequest http = (HttpRequest) request;
      Traced call = (Traced) traced;
      TracePropagation propagation = exchanges.propagation();
      String[] headers = propagation.carriesAny(name -> http.headers().firstValue(name).isPresent())
          ? NO_HEADERS
          : propagation.headers(call.exchange().context());
      HttpRequest.BodyPublisher body = call.copyLimit() > 0 ? http.bodyPublisher().orElse(null) : null;
      if (headers.length == 0 && body == null) {
        return null;
      }
      HttpRequest.Builder copy = HttpRequest.newBuilder(http, (name, value) -> true);
      if (body != null) {
        copy.method(http.method(), new CopyingBodyPublisher(body, call.exchange(), call.copyLimit()));
      }
      for (int i = 0; i + 1 < headers.length; i += 2) {
        copy.setHeader(headers[i], headers[i + 1]);
      }
      return copy.build();
    } catch (Throwable t) {
      HookErrors.report("java-http-client propagation", t);
      return null;
    }
  }

  /**
   * The application's continuations ({@code thenAccept} and the like, where LangChain4j parses a
   * stream and calls its handler) run on the thread that completes the future; completing a stand-in
   * future from there with the call's context current carries the trace into them. Cancelling the
   * stand-in cancels the original, as {@code send} does on interrupt.
   */
  @Override
  protected Object onSent(Object traced, Object future, Throwable error) {
    HttpExchange exchange = ((Traced) traced).exchange();
    try {
      if (error != null || !(future instanceof CompletableFuture)) {
        exchange.failed(error);
        return null;
      }
      @SuppressWarnings("unchecked")
      CompletableFuture<Object> original = (CompletableFuture<Object>) future;
      CompletableFuture<Object> inContext = new CompletableFuture<>();
      original.whenComplete((response, failure) -> {
        // Failures before a response (refused connection, timeout, cancellation) surface only here.
        if (failure != null) {
          exchange.failed(Failures.unwrap(failure));
        }
        try (Scope ignored = exchange.enter()) {
          if (failure != null) {
            inContext.completeExceptionally(failure);
          } else {
            inContext.complete(response);
          }
        }
      });
      inContext.whenComplete((response, failure) -> {
        if (inContext.isCancelled()) {
          original.cancel(true);
        }
      });
      return inContext;
    } catch (Throwable t) {
      HookErrors.report("java-http-client sent", t);
      return null;
    }
  }
}
