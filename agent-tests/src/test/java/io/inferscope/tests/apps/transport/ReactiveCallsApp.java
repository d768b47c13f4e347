package io.inferscope.tests.apps.transport;

import io.inferscope.tests.apps.LlmCallback;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * What reactive applications do with Reactor Netty's {@code HttpClient} and Spring's {@code WebClient}
 * beyond {@link LlmTransport}'s calls, with no agent-specific code: operators that work on each chunk
 * as it arrives, cancelling with {@code take(n)} or {@code dispose()}, Reactor's {@code retry}, and a
 * traceparent of the application's own ({@link ReactiveScenario}). Usage: {@code ReactiveCallsApp BASE_URL REDIRECTING_BASE_URL SCENARIO...}, where the second answers 307 to the first; prints
 * {@code SCENARIO.key=value} lines. An operator's work that needs the call's context makes one more
 * LLM call ({@link LlmCallback}, embeddings over the JDK HttpClient): its span's parent shows which
 * context was current.
 */
public final class ReactiveCallsApp {
  private ReactiveCallsApp() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String redirecting = args[1];
    ConnectionProvider connections = ConnectionProvider.create("reactive-calls", 8);
    HttpClient client = HttpClient.create(connections).responseTimeout(Duration.ofSeconds(20));
    WebClient web = WebClient.builder().clientConnector(new ReactorClientHttpConnector(client)).build();
    try {
      for (String name : List.of(args).subList(2, args.length)) {
        ReactiveScenario scenario = ReactiveScenario.valueOf(name);
        try {
          run(scenario, base, redirecting, client, web);
        } catch (RuntimeException e) {
          print(scenario, "caught", ReactiveErrors.ioCause(e).getClass().getName());
        }
      }
    } finally {
      connections.disposeLater().block(Duration.ofSeconds(5));
    }
    System.out.flush();
    System.exit(0);
  }

  private static HttpClient.ResponseReceiver<?> post(HttpClient client, String url, String json) {
    return client.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
        .post().uri(url).send((request, out) -> out.sendString(Mono.just(json)));
  }

  private static void run(ReactiveScenario scenario, String base, String redirecting, HttpClient client, WebClient web) throws Exception {
    String url = base + "/v1/chat/completions";
    switch (scenario) {
      case OPERATORS -> {
        // The application's operator sees each chunk as it arrives, on the event loop; on the first
        // it does work of its own that makes an LLM call.
        AtomicInteger chunks = new AtomicInteger();
        String text = post(client, url, scenario.chat()).responseContent().asString(StandardCharsets.UTF_8)
            .doOnNext(chunk -> {
              if (chunks.getAndIncrement() == 0) {
                print(scenario, "operator.embeddings", LlmCallback.embed(base, scenario.operatorModel()));
              }
            })
            .reduce("", String::concat)
            .block();
        print(scenario, "chunks", chunks.get() > 0);
        print(scenario, "done", text.contains("data: [DONE]"));
      }
      case WEBCLIENT_OPERATORS -> {
        AtomicInteger events = new AtomicInteger();
        List<String> lines = web.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(scenario.chat())
            .retrieve().bodyToFlux(String.class)
            .doOnNext(event -> {
              if (events.getAndIncrement() == 0) {
                print(scenario, "operator.embeddings", LlmCallback.embed(base, scenario.operatorModel()));
              }
            })
            .collectList()
            .block();
        print(scenario, "events", lines.size());
      }
      case TAKE -> {
        // A stream that stalls after its first chunk: the application takes one chunk and is done.
        List<String> taken = post(client, url, scenario.chat()).responseContent().asString(StandardCharsets.UTF_8)
            .take(1).collectList().block(Duration.ofSeconds(10));
        print(scenario, "taken", taken.size());
      }
      case DISPOSE -> {
        // The answer comes 500 ms late; the application gives up after 100 ms, before any answer.
        CountDownLatch subscribed = new CountDownLatch(1);
        Disposable call = post(client, url, scenario.chat()).responseSingle((response, body) -> body.asString())
            .doOnSubscribe(s -> subscribed.countDown())
            .subscribe(answer -> print(scenario, "answered", true), error -> print(scenario, "failed", error));
        subscribed.await(5, TimeUnit.SECONDS);
        Thread.sleep(100);
        call.dispose();
        print(scenario, "disposed", call.isDisposed());
        Thread.sleep(1000); // the server's late answer goes nowhere
      }
      case RETRY -> {
        // Reactor's retry resubscribes: a second call on the wire after the first's 429.
        AtomicInteger attempts = new AtomicInteger();
        post(client, url, scenario.chat())
            .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                .flatMap(text -> response.status().code() == 429
                    ? Mono.error(new IllegalStateException("HTTP 429")) : Mono.just(text)))
            .doOnSubscribe(s -> attempts.incrementAndGet())
            .retry(1)
            .onErrorResume(error -> Mono.just("gave up: " + error.getMessage()))
            .doOnNext(outcome -> print(scenario, "outcome", outcome))
            .block();
        print(scenario, "attempts", attempts.get());
      }
      case REDIRECT -> {
        String answer = post(client.followRedirect(true), redirecting + "/v1/chat/completions", scenario.chat())
            .responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text.length()))
            .block();
        print(scenario, "answer", answer);
      }
      case FLUX_BODY -> {
        // The body in three pieces, from a source that cannot be fused (as Spring's RestClient's body
        // publisher): Reactor Netty sends it buffer by buffer, chunked.
        String chat = scenario.chat();
        int third = chat.length() / 3;
        List<String> pieces = List.of(chat.substring(0, third), chat.substring(third, 2 * third), chat.substring(2 * third));
        String answer = client.headers(h -> h.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
            .post().uri(url)
            .send(Flux.fromIterable(pieces).map(piece -> Unpooled.copiedBuffer(piece, StandardCharsets.UTF_8)).hide())
            .responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text.length()))
            .block();
        print(scenario, "answer", answer);
      }
      case OWN_TRACEPARENT -> {
        String answer = client.headers(h -> h.set("traceparent", ReactiveScenario.APPLICATION_TRACEPARENT).set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
            .post().uri(url).send((request, out) -> out.sendString(Mono.just(scenario.chat())))
            .responseSingle((response, body) -> body.asString().map(text -> response.status().code() + " " + text.length()))
            .block();
        print(scenario, "answer", answer);
      }
    }
  }

  private static void print(ReactiveScenario scenario, String key, Object value) {
    System.out.println(scenario + "." + key + "=" + value);
  }
}
