package io.inferscope.tests.apps.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Reactor Netty's {@code HttpClient} as applications use it: {@code post().uri(url).send(...)} with
 * the JSON sent as a {@code Mono<String>}, {@code responseSingle} with {@code asByteArray()} for whole
 * answers (blocked on, or subscribed to for the asynchronous call, whose consumer runs on Reactor
 * Netty's event loop), {@code response((res, body) -> ...)} for streams read chunk by chunk. Compiled
 * against 1.2.11 with API that 1.3 keeps.
 */
public final class ReactorNettyTransport implements LlmTransport {
  private final ConnectionProvider connections = ConnectionProvider.create("llm-transport", 8);
  private final HttpClient client = HttpClient.create(connections).responseTimeout(Duration.ofSeconds(20));

  @Override
  public String library() {
    return Path.of(HttpClient.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
  }

  private HttpClient.ResponseReceiver<?> request(String url, Map<String, String> headers, String json) {
    return client
        .headers(h -> {
          headers.forEach(h::set);
          h.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        })
        .post()
        .uri(url)
        .send((request, out) -> out.sendString(Mono.just(json)));
  }

  private Mono<Answer> answer(String url, Map<String, String> headers, String json) {
    return request(url, headers, json).responseSingle((response, body) ->
        body.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> new Answer(response.status().code(), bytes)));
  }

  @Override
  public Answer post(String url, Map<String, String> headers, String json) throws IOException {
    try {
      return answer(url, headers, json).block();
    } catch (RuntimeException e) {
      throw ReactiveErrors.asIoException(e);
    }
  }

  @Override
  public LineStream open(String url, Map<String, String> headers, String json) throws IOException {
    return new ReactiveLines(request(url, headers, json).response((response, body) ->
        Flux.<Object>concat(Mono.just(response.status().code()), body.asByteArray())));
  }

  @Override
  public boolean hasAsync() {
    return true;
  }

  @Override
  public void postAsync(String url, Map<String, String> headers, String json, AsyncCallback callback) {
    answer(url, headers, json).subscribe(callback::answered, error -> callback.failed(ReactiveErrors.ioCause(error)));
  }

  @Override
  public void close() {
    connections.disposeLater().block(Duration.ofSeconds(5));
  }
}
