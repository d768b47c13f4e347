package io.inferscope.tests.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link LlmCallBenchmark}'s two calls over the JDK's {@link HttpURLConnection} (the default buffered
 * mode, the JDK's keep-alive cache reusing one connection): {@link #chat()} reads the JSON answer
 * whole, {@link #stream()} reads the SSE answer line by line. With the agent each call gets a GenAI
 * span and metrics; the difference to the run without it is what the connection's hooks, the
 * streams they hand out and the exchange cost per call. The fake LLM server's OpenAI base URL comes
 * in system property {@link LlmCallBenchmark#URL_PROPERTY}, as for that benchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UrlConnectionCallBenchmark {
  private static final byte[] CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] STREAM = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Say hello\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}").getBytes(StandardCharsets.UTF_8);

  private URL url;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String base = System.getProperty(LlmCallBenchmark.URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + LlmCallBenchmark.URL_PROPERTY + " to a fake LLM server's OpenAI base URL");
    }
    url = new URL(base + "/chat/completions");
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (chat() < 100 || stream() < 3) {
      throw new IllegalStateException("unexpected answer from " + url);
    }
  }

  private HttpURLConnection post(byte[] body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Authorization", "Bearer sk-bench");
    connection.setRequestProperty("Content-Type", "application/json");
    connection.setReadTimeout(10_000);
    try (OutputStream out = connection.getOutputStream()) {
      out.write(body);
    }
    if (connection.getResponseCode() != 200) {
      throw new IllegalStateException("HTTP " + connection.getResponseCode() + " from " + url);
    }
    return connection;
  }

  /** The answer's length in bytes. */
  @Benchmark
  public int chat() throws IOException {
    try (InputStream in = post(CHAT).getInputStream()) {
      return in.readAllBytes().length;
    }
  }

  /** Every line of the stream, blank ones included, to its end. */
  @Benchmark
  public long stream() throws IOException {
    HttpURLConnection connection = post(STREAM);
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8))) {
      return lines.lines().count();
    }
  }
}
