package io.inferscope.tests.bench;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
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

/**
 * The cost the agent adds per call of Google's Gen AI SDK (the google-genai jars bench.sh puts on the
 * class path: the newest tested), its OkHttp transport keeping one keep-alive connection to the fake
 * LLM server that {@link BenchmarkMain} runs: {@code generate} ({@code models.generateContent}) and
 * {@code stream} ({@code generateContentStream} read to its end), what the SDK itself costs included.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GoogleGenAiCallBenchmark {
  private static final String MODEL = "gemini-2.0-flash";

  private Client client;
  private GenerateContentConfig config;

  @Setup(Level.Trial)
  public void setUp() {
    String base = System.getProperty(LlmCallBenchmark.URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + LlmCallBenchmark.URL_PROPERTY + " to a fake LLM server's OpenAI base URL");
    }
    // The SDK adds its own API version to the base URL: the server's root, not its OpenAI /v1.
    String root = base.endsWith("/v1") ? base.substring(0, base.length() - 3) : base;
    client = Client.builder().apiKey("bench-key")
        .httpOptions(HttpOptions.builder().baseUrl(root).retryOptions(HttpRetryOptions.builder().attempts(1).build()).build())
        .build();
    config = GenerateContentConfig.builder().maxOutputTokens(64).build();
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (generate().isEmpty() || stream() < 3) {
      throw new IllegalStateException("unexpected answer from " + root);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
  }

  @Benchmark
  public String generate() {
    return client.models.generateContent(MODEL, "Say hello", config).text();
  }

  @Benchmark
  public int stream() {
    int chunks = 0;
    try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, "Say hello", config)) {
      for (GenerateContentResponse ignored : stream) {
        chunks++;
      }
    }
    return chunks;
  }
}
