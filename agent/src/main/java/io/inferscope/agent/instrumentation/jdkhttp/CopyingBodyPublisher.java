package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.logging.HookErrors;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.Flow;

/**
 * Sent in place of a request body the hook cannot read beforehand (a publisher that may be one-shot:
 * {@code ofInputStream}, {@code fromPublisher}, which Spring's {@code RestClient} and {@code WebClient}
 * use on this client): the client's subscriber gets every signal of the application's publisher
 * unchanged, and the bytes it takes are copied on their way, at most {@code maxBytes}, for the
 * exchange to read once the body is complete. A body past the cap is not reported (half a JSON
 * document says nothing reliable). Each subscription copies for itself: a client that sends the body
 * again (a redirect) starts a new copy, and the exchange keeps only the first complete one.
 */
final class CopyingBodyPublisher implements HttpRequest.BodyPublisher {
  private final HttpRequest.BodyPublisher application;
  private final HttpExchange exchange;
  private final int maxBytes;

  CopyingBodyPublisher(HttpRequest.BodyPublisher application, HttpExchange exchange, int maxBytes) {
    this.application = application;
    this.exchange = exchange;
    this.maxBytes = maxBytes;
  }

  @Override
  public long contentLength() {
    return application.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> client) {
    application.subscribe(new Copy(client));
  }

  private final class Copy implements Flow.Subscriber<ByteBuffer> {
    private final Flow.Subscriber<? super ByteBuffer> client;
    /** Null once the body is past the cap, or a copy failed. */
    private byte[] bytes = new byte[256];
    private int length;

    Copy(Flow.Subscriber<? super ByteBuffer> client) {
      this.client = client;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      client.onSubscribe(subscription);
    }

    @Override
    public void onNext(ByteBuffer item) {
      copy(item);
      client.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      bytes = null;
      client.onError(throwable);
    }

    @Override
    public void onComplete() {
      try {
        if (bytes != null) {
          exchange.requestBody(bytes, length);
        }
      } catch (Throwable t) {
        HookErrors.report("java-http-client request body", t);
      }
      client.onComplete();
    }

    /** Reads a duplicate: the client's buffer, its position included, is left as it came. */
    private void copy(ByteBuffer item) {
      try {
        if (bytes == null) {
          return;
        }
        int n = item.remaining();
        if (n > maxBytes - length) {
          bytes = null; // past the cap: nothing is reported and nothing more is kept
          return;
        }
        if (length + n > bytes.length) {
          bytes = Arrays.copyOf(bytes, Math.min(maxBytes, Math.max(length + n, bytes.length * 2)));
        }
        item.duplicate().get(bytes, length, n);
        length += n;
      } catch (Throwable t) {
        bytes = null;
        HookErrors.report("java-http-client request body", t);
      }
    }
  }
}
