package io.inferscope.tests.bench;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The {@link LlmCallBenchmark} calls over Reactor Netty instead of the JDK's HttpClient: the cost the
 * agent adds per LLM call through Reactor Netty's {@code HttpClient} ({@code nettyChat}: the JSON
 * answer aggregated, {@code nettyStream}: the SSE answer's chunks counted as they arrive) and through
 * Spring's {@code WebClient} on it ({@code webClientChat}: {@code bodyToMono(String)},
 * {@code webClientStream}: {@code bodyToFlux(String)}, one item per SSE line), the caller blocking on
 * the result. Each keeps a pooled keep-alive connection to the fake LLM server that
 * {@link BenchmarkMain} runs ({@code bench.llm.url}). The versions are those on the benchmark class
 * path (the test dependencies: Reactor Netty 1.2.11, Spring WebFlux 6.2.12).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReactiveCallBenchmark {
  private static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Say hello\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

  private String url;
  private ConnectionProvider connections;
  private HttpClient netty;
  private WebClient webClient;

  @Setup(Level.Trial)
  public void setUp() {
    String base = System.getProperty(LlmCallBenchmark.URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + LlmCallBenchmark.URL_PROPERTY + " to a fake LLM server's OpenAI base URL");
    }
    url = base + "/chat/completions";
    connections = ConnectionProvider.create("bench", 4);
    netty = HttpClient.create(connections).headers(h -> h.set(HttpHeaderNames.AUTHORIZATION, "Bearer sk-bench")
        .set(HttpHeaderNames.CONTENT_TYPE, "application/json"));
    webClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
        .defaultHeader("Authorization", "Bearer sk-bench").build();
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (!nettyChat().contains("\"chat.completion\"") || nettyStream() < 1 || !webClientChat().contains("\"chat.completion\"")
        || webClientStream() < 3) {
      throw new IllegalStateException("unexpected answer from " + url);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    connections.disposeLater().block(Duration.ofSeconds(5));
  }

  private HttpClient.ResponseReceiver<?> post(String json) {
    return netty.post().uri(url).send((request, out) -> out.sendString(Mono.just(json)));
  }

  @Benchmark
  public String nettyChat() {
    return post(CHAT).responseSingle((response, body) -> {
      ok(response.status().code());
      return body.asString(StandardCharsets.UTF_8);
    }).block();
  }

  /** The stream's content chunks, counted as they arrive, to its end. */
  @Benchmark
  public long nettyStream() {
    return post(STREAM).responseContent().count().block();
  }

  @Benchmark
  public String webClientChat() {
    return webClient.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(CHAT)
        .retrieve().bodyToMono(String.class).block();
  }

  /** Every SSE line, to the stream's end. */
  @Benchmark
  public long webClientStream() {
    return webClient.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(STREAM)
        .retrieve().bodyToFlux(String.class).count().block();
  }

  private static void ok(int status) {
    if (status != 200) {
      throw new IllegalStateException("HTTP " + status);
    }
  }
}
