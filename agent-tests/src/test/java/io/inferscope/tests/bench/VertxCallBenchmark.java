package io.inferscope.tests.bench;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.concurrent.CompletableFuture;
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
 * The {@link LlmCallBenchmark} calls over Vert.x (the version on the benchmark class path, the test
 * dependency: 4.5.14): {@code webChat} with the web client's {@code sendBuffer}, the whole JSON answer;
 * {@code coreStream} with the core {@code HttpClient}, the SSE answer pushed to the response's handler
 * (its lines counted) to its end. The benchmark thread waits for each call; the client keeps its pooled
 * keep-alive connection to the fake LLM server that {@link BenchmarkMain} runs ({@code bench.llm.url}).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VertxCallBenchmark {
  private String url;
  private Vertx vertx;
  private WebClient web;
  private HttpClient core;
  private Context context;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String base = System.getProperty(LlmCallBenchmark.URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + LlmCallBenchmark.URL_PROPERTY + " to a fake LLM server's OpenAI base URL");
    }
    url = base + "/chat/completions";
    vertx = Vertx.vertx();
    web = WebClient.create(vertx);
    core = vertx.createHttpClient();
    context = vertx.getOrCreateContext();
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (!webChat().contains("\"chat.completion\"") || coreStream() < 3) {
      throw new IllegalStateException("unexpected answer from " + url);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    web.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Benchmark
  public String webChat() throws Exception {
    HttpResponse<Buffer> response = web.postAbs(url)
        .putHeader("Authorization", "Bearer sk-bench")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer(LlmCallBenchmark.CHAT))
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    ok(response.statusCode());
    return response.bodyAsString();
  }

  /** Every line of the stream, blank ones included, to its end. */
  @Benchmark
  public long coreStream() throws Exception {
    CompletableFuture<Long> lines = new CompletableFuture<>();
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .putHeader("Authorization", "Bearer sk-bench").putHeader("Content-Type", "application/json");
    // Made on one Vert.x context, as a verticle would: the response's handlers are set in the same event-loop
    // task that delivers its head (from the benchmark's own thread the listener may run after the body ended).
    context.runOnContext(start -> core.request(options)
        .compose(request -> request.send(Buffer.buffer(LlmCallBenchmark.STREAM)))
        .onComplete(result -> {
          if (result.failed()) {
            lines.completeExceptionally(result.cause());
            return;
          }
          ok(result.result().statusCode());
          long[] count = new long[1];
          result.result().handler(chunk -> {
            for (int i = 0; i < chunk.length(); i++) {
              if (chunk.getByte(i) == '\n') {
                count[0]++;
              }
            }
          });
          result.result().endHandler(end -> lines.complete(count[0]));
          result.result().exceptionHandler(lines::completeExceptionally);
        }));
    return lines.get(10, TimeUnit.SECONDS);
  }

  private static void ok(int status) {
    if (status != 200) {
      throw new IllegalStateException("HTTP " + status);
    }
  }
}
