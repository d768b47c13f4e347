package io.inferscope.tests.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One OpenAI chat completion over the JDK {@link HttpClient} (HTTP/1.1, one pooled keep-alive
 * connection), as hand-written integrations make it: {@link #chat()} reads the JSON answer whole,
 * {@link #stream()} reads the SSE answer line by line. The agent gives each call a GenAI span and
 * metrics. The server is the fake LLM server that {@link BenchmarkMain} runs in its own JVM and
 * passes as system property {@code bench.llm.url} (its OpenAI base URL, ending in {@code /v1}); it
 * answers at once, so the call is the client's and the loopback's work plus whatever the agent adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LlmCallBenchmark {
  static final String URL_PROPERTY = "bench.llm.url";

  static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Say hello\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

  private HttpClient client;
  private HttpRequest chatRequest;
  private HttpRequest streamRequest;

  @Setup(Level.Trial)
  public void setUp() throws IOException, InterruptedException {
    String base = System.getProperty(URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + URL_PROPERTY + " to a fake LLM server's OpenAI base URL");
    }
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(base + "/chat/completions");
    chatRequest = request(uri, CHAT);
    streamRequest = request(uri, STREAM);
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (!chat().contains("\"chat.completion\"") || stream() < 3) {
      throw new IllegalStateException("unexpected answer from " + uri);
    }
  }

  private static HttpRequest request(URI uri, String body) {
    return HttpRequest.newBuilder(uri)
        .header("Authorization", "Bearer sk-bench")
        .header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(10))
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Benchmark
  public String chat() throws IOException, InterruptedException {
    return ok(client.send(chatRequest, BodyHandlers.ofString())).body();
  }

  /** Every line of the stream, blank ones included, to its end. */
  @Benchmark
  public long stream() throws IOException, InterruptedException {
    try (Stream<String> lines = ok(client.send(streamRequest, BodyHandlers.ofLines())).body()) {
      return lines.count();
    }
  }

  private static <T> HttpResponse<T> ok(HttpResponse<T> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + " from " + response.uri());
    }
    return response;
  }
}
