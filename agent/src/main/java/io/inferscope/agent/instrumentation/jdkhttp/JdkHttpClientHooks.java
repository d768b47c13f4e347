package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.agent.llm.GenAiTelemetry;
import io.inferscope.agent.llm.LlmHttpExchange;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.HttpClientBridge;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns JDK HttpClient sends into LLM exchanges. Requests that are not LLM calls cost one
 * classification of the URI and are otherwise untouched.
 */
final class JdkHttpClientHooks extends HttpClientBridge {
  private final GenAiTelemetry telemetry;

  JdkHttpClientHooks(GenAiTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  /** An exchange and the body handler that reports to it. */
  private record Traced(LlmHttpExchange exchange, TracingBodyHandler<?> handler) {}

  @Override
  protected Object onStart(Object request, Object bodyHandler) {
    try {
      HttpRequest http = (HttpRequest) request;
      URI uri = http.uri();
      LlmHttpExchange exchange =
          LlmHttpExchange.start(
              telemetry, Context.current(), http.method(), uri,
              () -> JdkRequestBodies.read(http, telemetry.settings().maxBodyBytes()));
      return exchange == null ? null : new Traced(exchange, new TracingBodyHandler<>((HttpResponse.BodyHandler<?>) bodyHandler, exchange));
    } catch (Throwable t) {
      HookErrors.report("java-http-client send", t);
      return null;
    }
  }

  @Override
  protected Object onBodyHandler(Object traced) {
    return ((Traced) traced).handler();
  }

  @Override
  protected void onSent(Object traced, Object future, Throwable error) {
    LlmHttpExchange exchange = ((Traced) traced).exchange();
    try {
      if (error != null || !(future instanceof CompletableFuture)) {
        exchange.failed(error);
        return;
      }
      // Failures before a response (refused connection, timeout, cancellation) surface only here.
      ((CompletableFuture<?>) future).whenComplete((response, failure) -> {
        if (failure != null) {
          exchange.failed(unwrap(failure));
        }
      });
    } catch (Throwable t) {
      HookErrors.report("java-http-client sent", t);
    }
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
