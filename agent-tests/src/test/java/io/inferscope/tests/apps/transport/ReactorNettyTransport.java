package io.inferscope.tests.apps.transport;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Reactor Netty's {@code HttpClient} as applications use it: {@code post().uri(url).send(...)} with
 * the JSON sent as a {@code Mono<String>}, {@code responseSingle} with {@code asByteArray()} for whole
 * answers, {@code response((res, body) -> ...)} for streams read chunk by chunk. Compiled against
 * 1.2.11 with API that 1.3 keeps.
 */
public final class ReactorNettyTransport extends ReactiveTransport {
  private final HttpClient client = HttpClient.create(connections).responseTimeout(Duration.ofSeconds(20));

  @Override
  public String library() {
    return LlmTransport.jarOf(HttpClient.class);
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

  @Override
  Mono<Answer> answer(String url, Map<String, String> headers, String json) {
    return request(url, headers, json).responseSingle((response, body) ->
        body.asByteArray().defaultIfEmpty(new byte[0]).map(bytes -> new Answer(response.status().code(), bytes)));
  }

  @Override
  Flux<Object> streamed(String url, Map<String, String> headers, String json) {
    return request(url, headers, json).response((response, body) ->
        Flux.<Object>concat(Mono.just(response.status().code()), body.asByteArray()));
  }
}
