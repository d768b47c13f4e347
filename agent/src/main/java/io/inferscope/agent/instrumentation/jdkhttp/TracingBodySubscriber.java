package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.agent.http.HttpExchange;
import io.opentelemetry.context.Scope;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Passes every signal to the application's subscriber unchanged, after showing the exchange a
 * duplicate of each buffer (the application's positions untouched; the exchange only reads).
 * Signals are delivered with the call's context current, so work the application does in them
 * (stream callbacks) joins the call's trace. A cancelled subscription is an early close.
 */
final class TracingBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
  private final HttpResponse.BodySubscriber<T> application;
  private final HttpExchange exchange;

  TracingBodySubscriber(HttpResponse.BodySubscriber<T> application, HttpExchange exchange) {
    this.application = application;
    this.exchange = exchange;
  }

  @Override
  public CompletionStage<T> getBody() {
    return application.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    application.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        exchange.demanded(n);
        subscription.request(n);
      }

      @Override
      public void cancel() {
        exchange.cancelled();
        subscription.cancel();
      }
    });
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    exchange.delivered();
    for (ByteBuffer buffer : item) {
      // A duplicate: its own position, the same bytes, and (unlike a read-only view) their backing
      // array, so the exchange reads heap buffers in place instead of copying them.
      exchange.responseBytes(buffer.duplicate());
    }
    try (Scope ignored = exchange.enter()) {
      application.onNext(item);
    }
  }

  @Override
  public void onError(Throwable throwable) {
    exchange.failed(throwable);
    try (Scope ignored = exchange.enter()) {
      application.onError(throwable);
    }
  }

  @Override
  public void onComplete() {
    exchange.completed();
    try (Scope ignored = exchange.enter()) {
      application.onComplete();
    }
  }
}
