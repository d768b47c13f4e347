package io.inferscope.tests.apps.transport;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.resources.ConnectionProvider;

/**
 * What the Reactor Netty and WebClient adapters share: a client on its own connection pool, whole
 * answers blocked on (or subscribed to, for the asynchronous call: the consumer runs where the
 * answer completes, on Reactor Netty's event loop), streams read the blocking way through
 * {@link ReactiveLines}. A subclass says how its client makes the two kinds of call.
 */
abstract class ReactiveTransport implements LlmTransport {
  final ConnectionProvider connections = ConnectionProvider.create("llm-transport", 8);

  /** The whole answer: its status and body bytes. */
  abstract Mono<Answer> answer(String url, Map<String, String> headers, String json);

  /** The streamed answer: its status (an Integer), then the body's chunks (byte[]). */
  abstract Flux<Object> streamed(String url, Map<String, String> headers, String json);

  @Override
  public final Answer post(String url, Map<String, String> headers, String json) throws IOException {
    try {
      return answer(url, headers, json).block();
    } catch (RuntimeException e) {
      throw ReactiveErrors.asIoException(e);
    }
  }

  @Override
  public final LineStream open(String url, Map<String, String> headers, String json) throws IOException {
    return new ReactiveLines(streamed(url, headers, json));
  }

  @Override
  public final boolean hasAsync() {
    return true;
  }

  @Override
  public final void postAsync(String url, Map<String, String> headers, String json, AsyncCallback callback) {
    answer(url, headers, json).subscribe(callback::answered, error -> callback.failed(ReactiveErrors.ioCause(error)));
  }

  @Override
  public final void close() {
    connections.disposeLater().block(Duration.ofSeconds(5));
  }
}
