package io.inferscope.tests.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The reading thread's time for a whole streamed chat answer, read line by line as SSE clients
 * read it, through the JDK HttpClient ({@code ofLines}) and OkHttp ({@code readUtf8Line}): 40 chunks
 * of 1,000,000 characters ({@code large-events}), or 200,000 one-character chunks
 * ({@code small-events}). The server (a {@code HostileServer} in the parent JVM, URL in system
 * property {@code bench.stream.url}) sends each event as its own flushed chunk, as LLM servers send
 * tokens, as fast as the client reads. The agent parses every event
 * as it passes, sampled or not: its share of this time is what the issue bounds at +25%.
 *
 * <p>Besides the wall clock, each answer's CPU time ({@link CpuTime}): the reading thread's, where
 * OkHttp's hook reads the bytes, and the whole client JVM's, where the JDK client's hook reads them
 * (on the client's own threads) and where GC and JIT work show. On two cores the server and the client
 * share the CPUs, so the wall clock also moves with how the scheduler happens to interleave them.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamReadBenchmark {
  static final String URL_PROPERTY = "bench.stream.url";

  @Param({"large-events", "small-events"})
  public String workload;

  private HttpClient jdk;
  private HttpRequest jdkRequest;
  private OkHttpClient okHttp;
  private Request okHttpRequest;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    String base = System.getProperty(URL_PROPERTY);
    if (base == null) {
      throw new IllegalStateException("set -D" + URL_PROPERTY + " to the stream server's base URL");
    }
    String url = base + "/v1/chat/completions";
    String body = "{\"model\":\"" + workload + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    jdkRequest = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
    okHttp = new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
    okHttpRequest = new Request.Builder().url(url).post(RequestBody.create(body, MediaType.get("application/json"))).build();
    long jdkLines = jdk();
    long okLines = okHttp();
    if (jdkLines != okLines || jdkLines < 80) {
      throw new IllegalStateException("unexpected answers: " + jdkLines + " and " + okLines + " lines");
    }
  }

  /** Every line of the stream, blank ones included, to its end. */
  @Benchmark
  public long jdk(CpuTime cpu) throws IOException, InterruptedException {
    cpu.start();
    try {
      return jdk();
    } finally {
      cpu.stop();
    }
  }

  @Benchmark
  public long okHttp(CpuTime cpu) throws IOException {
    cpu.start();
    try {
      return okHttp();
    } finally {
      cpu.stop();
    }
  }

  private long jdk() throws IOException, InterruptedException {
    try (Stream<String> lines = jdk.send(jdkRequest, BodyHandlers.ofLines()).body()) {
      return lines.count();
    }
  }

  private long okHttp() throws IOException {
    try (Response response = okHttp.newCall(okHttpRequest).execute()) {
      BufferedSource source = response.body().source();
      long lines = 0;
      while (source.readUtf8Line() != null) {
        lines++;
      }
      return lines;
    }
  }

  /**
   * CPU nanoseconds spent on the answers of one iteration, summed, and how many answers: JMH reports
   * these per iteration ({@link BenchmarkTable} divides). Reading the two clocks costs a few
   * microseconds per answer of tens of milliseconds.
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean PROCESS =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long readingThreadCpuNanos;
    public long processCpuNanos;
    public long answers;
    private long threadAtStart;
    private long processAtStart;

    @Setup(Level.Iteration)
    public void reset() {
      readingThreadCpuNanos = 0;
      processCpuNanos = 0;
      answers = 0;
    }

    void start() {
      threadAtStart = THREADS.getCurrentThreadCpuTime();
      processAtStart = PROCESS.getProcessCpuTime();
    }

    void stop() {
      readingThreadCpuNanos += THREADS.getCurrentThreadCpuTime() - threadAtStart;
      processCpuNanos += PROCESS.getProcessCpuTime() - processAtStart;
      answers++;
    }
  }
}
