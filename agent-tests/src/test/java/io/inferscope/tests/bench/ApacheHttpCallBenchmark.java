package io.inferscope.tests.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
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
 * The {@link LlmCallBenchmark} calls over Apache HttpClient instead of the JDK's: the cost the agent
 * adds per LLM call through HttpClient 5 classic ({@code classic5Chat}, {@code classic5Stream}: the
 * SSE answer read line by line from the entity's stream), HttpClient 5 async ({@code async5Chat}:
 * {@code SimpleRequestProducer} and {@code SimpleResponseConsumer}, the caller waiting on the future)
 * and HttpClient 4.5 ({@code classic4Chat}, {@code classic4Stream}). Each client keeps its pooled
 * keep-alive connection to the fake LLM server that {@link BenchmarkMain} runs ({@code bench.llm.url}).
 * The versions are those on the benchmark class path (the test dependencies: 5.5.1 and 4.5.14).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ApacheHttpCallBenchmark {
  private static final String CHAT =
      "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\","
      + "\"content\":\"Say hello\"}],\"stream\":true,\"stream_options\":{\"include_usage\":true}}";

  private String url;
  private CloseableHttpClient classic5;
  private CloseableHttpAsyncClient async5;
  private org.apache.http.impl.client.CloseableHttpClient classic4;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String base = System.getProperty(LlmCallBenchmark.URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + LlmCallBenchmark.URL_PROPERTY + " to a fake LLM server's OpenAI base URL");
    }
    url = base + "/chat/completions";
    classic5 = HttpClients.createDefault();
    async5 = HttpAsyncClients.createDefault();
    async5.start();
    classic4 = org.apache.http.impl.client.HttpClients.createDefault();
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (!classic5Chat().contains("\"chat.completion\"") || classic5Stream() < 3 || !async5Chat().contains("\"chat.completion\"")
        || !classic4Chat().contains("\"chat.completion\"") || classic4Stream() < 3) {
      throw new IllegalStateException("unexpected answer from " + url);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    classic5.close();
    async5.close(CloseMode.GRACEFUL);
    classic4.close();
  }

  private HttpPost post5(String json) {
    HttpPost post = new HttpPost(url);
    post.setHeader("Authorization", "Bearer sk-bench");
    post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
    return post;
  }

  private org.apache.http.client.methods.HttpPost post4(String json) {
    org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
    post.setHeader("Authorization", "Bearer sk-bench");
    post.setEntity(new org.apache.http.entity.StringEntity(json, org.apache.http.entity.ContentType.APPLICATION_JSON));
    return post;
  }

  @Benchmark
  public String classic5Chat() throws IOException {
    return classic5.execute(post5(CHAT), response -> {
      ok(response.getCode());
      return EntityUtils.toString(response.getEntity());
    });
  }

  /** Every line of the stream, blank ones included, to its end. */
  @Benchmark
  public long classic5Stream() throws IOException {
    return classic5.execute(post5(STREAM), response -> {
      ok(response.getCode());
      return lines(new BufferedReader(new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8)));
    });
  }

  @Benchmark
  public String async5Chat() throws InterruptedException, ExecutionException {
    SimpleHttpRequest request = SimpleRequestBuilder.post(url)
        .setHeader("Authorization", "Bearer sk-bench")
        .setBody(CHAT, ContentType.APPLICATION_JSON)
        .build();
    SimpleHttpResponse response = async5.execute(SimpleRequestProducer.create(request), SimpleResponseConsumer.create(), null).get();
    ok(response.getCode());
    return response.getBodyText();
  }

  @Benchmark
  public String classic4Chat() throws IOException {
    return classic4.execute(post4(CHAT), response -> {
      ok(response.getStatusLine().getStatusCode());
      return org.apache.http.util.EntityUtils.toString(response.getEntity());
    });
  }

  /** Every line of the stream, blank ones included, to its end. */
  @Benchmark
  public long classic4Stream() throws IOException {
    return classic4.execute(post4(STREAM), response -> {
      ok(response.getStatusLine().getStatusCode());
      return lines(new BufferedReader(new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8)));
    });
  }

  private static long lines(BufferedReader reader) throws IOException {
    long count = 0;
    while (reader.readLine() != null) {
      count++;
    }
    return count;
  }

  private static void ok(int status) {
    if (status != 200) {
      throw new IllegalStateException("HTTP " + status);
    }
  }
}
