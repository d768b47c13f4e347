package io.inferscope.tests.apps.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Spring's {@code WebClient} on Reactor Netty (its default connector), as Spring applications use it:
 * {@code bodyValue(json)}, {@code exchangeToMono} reading the body as {@code byte[]} whatever the
 * status (blocked on, or subscribed to for the asynchronous call), {@code exchangeToFlux} with
 * {@code bodyToFlux(byte[].class)} for streams read chunk by chunk. Compiled against Spring 6.2 with
 * API that 7.0 keeps.
 */
public final class WebClientTransport implements LlmTransport {
  private final ConnectionProvider connections = ConnectionProvider.create("llm-transport", 8);
  private final WebClient client = WebClient.builder()
      .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections).responseTimeout(Duration.ofSeconds(20))))
      .build();

  @Override
  public String library() {
    return Path.of(WebClient.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
  }

  private WebClient.RequestHeadersSpec<?> request(String url, Map<String, String> headers, String json) {
    return client.post().uri(url).headers(h -> headers.forEach(h::set)).contentType(MediaType.APPLICATION_JSON).bodyValue(json);
  }

  private Mono<Answer> answer(String url, Map<String, String> headers, String json) {
    return request(url, headers, json).exchangeToMono(response -> response.bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .map(bytes -> new Answer(response.statusCode().value(), bytes)));
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
    return new ReactiveLines(request(url, headers, json).exchangeToFlux(response ->
        Flux.<Object>concat(Mono.just(response.statusCode().value()), response.bodyToFlux(byte[].class))));
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
