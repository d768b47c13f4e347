package io.inferscope.tests.apps.transport;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Spring's {@code WebClient} on Reactor Netty (its default connector), as Spring applications use it:
 * {@code bodyValue(json)}, {@code exchangeToMono} reading the body as {@code byte[]} whatever the
 * status, {@code exchangeToFlux} with {@code bodyToFlux(byte[].class)} for streams read chunk by
 * chunk. Compiled against Spring 6.2 with API that 7.0 keeps.
 */
public final class WebClientTransport extends ReactiveTransport {
  private final WebClient client = WebClient.builder()
      .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections).responseTimeout(Duration.ofSeconds(20))))
      .build();

  @Override
  public String library() {
    return LlmTransport.jarOf(WebClient.class);
  }

  private WebClient.RequestHeadersSpec<?> request(String url, Map<String, String> headers, String json) {
    return client.post().uri(url).headers(h -> headers.forEach(h::set)).contentType(MediaType.APPLICATION_JSON).bodyValue(json);
  }

  @Override
  Mono<Answer> answer(String url, Map<String, String> headers, String json) {
    return request(url, headers, json).exchangeToMono(response -> response.bodyToMono(byte[].class)
        .defaultIfEmpty(new byte[0])
        .map(bytes -> new Answer(response.statusCode().value(), bytes)));
  }

  @Override
  Flux<Object> streamed(String url, Map<String, String> headers, String json) {
    return request(url, headers, json).exchangeToFlux(response ->
        Flux.<Object>concat(Mono.just(response.statusCode().value()), response.bodyToFlux(byte[].class)));
  }
}
