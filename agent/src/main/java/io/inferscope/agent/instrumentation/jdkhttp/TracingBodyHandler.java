package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.agent.http.HttpExchange;
import java.net.http.HttpResponse;

/**
 * Stands in for the application's body handler on an LLM request: tells the exchange the status and
 * content type, then lets the application's own subscriber receive the body through a
 * {@link TracingBodySubscriber}.
 */
final class TracingBodyHandler<T> implements HttpResponse.BodyHandler<T> {
  private final HttpResponse.BodyHandler<T> application;
  private final HttpExchange exchange;

  HttpExchange exchange() {
    return exchange;
  }

  TracingBodyHandler(HttpResponse.BodyHandler<T> application, HttpExchange exchange) {
    this.application = application;
    this.exchange = exchange;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    exchange.responseStarted(
        info.statusCode(), info.headers().firstValue("content-type").orElse(null),
        info.headers().firstValue("content-encoding").orElse(null));
    HttpResponse.BodySubscriber<T> subscriber;
    try {
      subscriber = application.apply(info);
    } catch (RuntimeException | Error e) {
      exchange.failed(e);
      throw e;
    }
    return new TracingBodySubscriber<>(subscriber, exchange);
  }
}
