package io.inferscope.tests.bench;

import io.inferscope.tests.hostile.HostileServer;
import io.inferscope.tests.llm.bedrock.FakeBedrockServer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Measures what the agent adds per call: {@link OrtRunBenchmark} ({@code OrtSession.run}, written to
 * target/benchmarks/ort-run.md), {@link DjlPredictBenchmark} (DJL {@code Predictor.predict} on the
 * ONNX Runtime engine, djl-predict.md), {@link DjlHookCostBenchmark} (the DJL hooks alone,
 * djl-hooks.md) and {@link LlmCallBenchmark} (chat completions, whole and streamed, over the JDK
 * HttpClient to a {@link FakeLlmServer} run here; llm-calls.md), {@link ApacheHttpCallBenchmark} (the
 * same calls over Apache HttpClient 5 classic and async and 4.5; apache-calls.md), {@link UrlConnectionCallBenchmark} (the same
 * calls over HttpURLConnection; url-connection-calls.md), {@link ReactiveCallBenchmark} (the same calls over
 * Reactor Netty and Spring WebClient; reactive-calls.md), {@link VertxCallBenchmark} (the same calls over the Vert.x
 * web client and core HttpClient; vertx-calls.md) and {@link StreamReadBenchmark} (a
 * streamed answer read line by line through the JDK HttpClient and OkHttp; stream-reads.md), each in
 * its {@link RunConfiguration}s,
 * exporting to an {@link OtlpSink}. System properties: bench.suite ({@code ort}, {@code djl},
 * {@code djl-hooks}, {@code llm}, {@code apache}, {@code urlconnection}, {@code google-genai}, {@code bedrock}, {@code spring-ai}, {@code reactive}, {@code vertx}, {@code grpc}, {@code streams} or {@code all}, the default), bench.forks (3), bench.warmups (3),
 * bench.iterations (5), bench.configs (a comma-separated subset of {@link RunConfiguration} names,
 * e.g. {@code NO_AGENT,UNSAMPLED}, for a quicker look at one of them; the baseline is always run),
 * bench.profiler (a JMH profiler for every fork, e.g. {@code gc} for allocations per call, or with its options as
 * JMH's {@code -prof} takes them, {@code async:libPath=...;output=collapsed;dir=...}),
 * inferscope.agent.jar.
 */
public final class BenchmarkMain {
  private static final String JMH_FORK_STARTED = "# Fork: ";
  private static final String AGENT_STARTED = "[inferscope] INFO InferScope";
  private static final String AGENT_WARNING = "[inferscope] WARN";
  private static final String AGENT_ERROR = "[inferscope] ERROR";

  private BenchmarkMain() {}

  /** A benchmark, the configurations it is compared in, and where its table goes. */
  private record Suite(String name, Class<?> benchmark, List<RunConfiguration> configurations, String report, String context) {
    boolean callsLlm() {
      return benchmark == LlmCallBenchmark.class || benchmark == ApacheHttpCallBenchmark.class
          || benchmark == UrlConnectionCallBenchmark.class || benchmark == GoogleGenAiCallBenchmark.class
          || benchmark == SpringAiCallBenchmark.class || benchmark == ReactiveCallBenchmark.class
          || benchmark == VertxCallBenchmark.class;
    }

    boolean readsStreams() {
      return benchmark == StreamReadBenchmark.class;
    }

    boolean callsBedrock() {
      return benchmark == BedrockCallBenchmark.class;
    }
  }

  /**
   * The fake LLM server of the {@code llm} suite. It records every request in a copy-on-write list,
   * which would copy ever more per call and so grow into the measured time: forgotten every 100 ms.
   */
  private record LlmServer(FakeLlmServer server, ScheduledExecutorService forgetter) implements AutoCloseable {
    static LlmServer start() {
      FakeLlmServer server = FakeLlmServer.start();
      ScheduledExecutorService forgetter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "fake-llm-forget");
        thread.setDaemon(true);
        return thread;
      });
      forgetter.scheduleWithFixedDelay(server::clearRequests, 100, 100, TimeUnit.MILLISECONDS);
      return new LlmServer(server, forgetter);
    }

    @Override
    public void close() {
      forgetter.shutdownNow();
      server.close();
    }
  }

  private static final List<Suite> SUITES = List.of(
      new Suite("ort", OrtRunBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED, RunConfiguration.ANOMALY,
              RunConfiguration.EXTENSION_SAMPLED, RunConfiguration.EXTENSION_UNSAMPLED),
          "ort-run.md", "`OrtSession.run` on matmul_relu, input [1,4], one intra-op thread."),
      new Suite("djl", DjlPredictBenchmark.class, List.of(RunConfiguration.values()),
          "djl-predict.md", "DJL `Predictor.predict` (ONNX Runtime engine) on matmul_relu, input [1,4], one intra-op thread."),
      new Suite("djl-hooks", DjlHookCostBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED, RunConfiguration.ANOMALY),
          "djl-hooks.md", "DJL `Predictor.predict` with an identity block and no tensors: the DJL hooks' cost alone."),
      new Suite("llm", LlmCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED, RunConfiguration.ANOMALY,
              RunConfiguration.EXTENSION_SAMPLED, RunConfiguration.EXTENSION_UNSAMPLED),
          "llm-calls.md", "An OpenAI chat completion over the JDK `HttpClient` (HTTP/1.1, one keep-alive connection) "
              + "to the fake LLM server in the benchmark's parent JVM, over loopback: `chat` reads the JSON answer "
              + "with `ofString`, `stream` the SSE answer (usage included) with `ofLines`."),
      new Suite("apache", ApacheHttpCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "apache-calls.md", "The `llm` suite's chat completion over Apache HttpClient (one pooled keep-alive connection each) "
              + "to the same fake LLM server: `classic5Chat` / `classic5Stream` with HttpClient 5.5.1's classic API (a response "
              + "handler; the SSE answer read line by line from the entity's stream), `async5Chat` with its async API "
              + "(`SimpleRequestProducer`, `SimpleResponseConsumer`, waiting on the future), `classic4Chat` / `classic4Stream` "
              + "with HttpClient 4.5.14."),
      new Suite("vertx", VertxCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "vertx-calls.md", "The `llm` suite's chat completion over Vert.x 4.5.14 (one pooled keep-alive connection) to the "
              + "same fake LLM server: `webChat` with the web client's `sendBuffer` (the whole JSON answer), `coreStream` with "
              + "the core `HttpClient`, the SSE answer pushed to the response's handler to its end; the benchmark thread "
              + "waits for each call."),
      new Suite("grpc", GrpcCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "grpc-calls.md", "An Open Inference Protocol `ModelInfer` over grpc-java 1.68.1 (Netty, one connection) to a fake "
              + "server in the benchmark's own JVM on 127.0.0.1 answering at once: `blocking` as a blocking stub calls it "
              + "(`ClientCalls.blockingUnaryCall`), `future` as a future stub does (`newCall`, `futureUnaryCall`, waiting on the future)."),
      new Suite("urlconnection", UrlConnectionCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED, RunConfiguration.ANOMALY,
              RunConfiguration.EXTENSION_SAMPLED, RunConfiguration.EXTENSION_UNSAMPLED),
          "url-connection-calls.md", "The same OpenAI chat completion over the JDK's `HttpURLConnection` (default buffered "
              + "mode, the JDK's keep-alive cache reusing one connection) to the fake LLM server in the benchmark's parent JVM, "
              + "over loopback: `chat` reads the JSON answer with `readAllBytes`, `stream` the SSE answer (usage included) "
              + "line by line with a `BufferedReader`."),
      new Suite("google-genai", GoogleGenAiCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "google-genai-calls.md", "Google's Gen AI SDK (google-genai, the newest tested; its OkHttp transport, one keep-alive "
              + "connection) to the fake LLM server in the benchmark's parent JVM, over loopback: `generate` "
              + "(`models.generateContent`), `stream` (`generateContentStream` read to its end); the SDK's own cost included."),
      new Suite("spring-ai", SpringAiCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "spring-ai-calls.md", "The same OpenAI chat completion through Spring AI 1.1.2's OpenAI module (no Spring Boot, "
              + "its own dependencies only, so RestClient and WebClient run on the JDK `HttpClient`) to the fake LLM server in "
              + "the benchmark's parent JVM: `chat` is `ChatModel.call`, `stream` is `StreamingChatModel.stream` collected "
              + "to its end (usage included)."),
      new Suite("reactive", ReactiveCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "reactive-calls.md", "The `llm` suite's chat completion over Reactor Netty (one pooled keep-alive connection) to the "
              + "same fake LLM server, the caller blocking on the result: `nettyChat` / `nettyStream` with Reactor Netty 1.2.11's "
              + "`HttpClient` (the JSON answer aggregated; the SSE answer's chunks counted as they arrive), `webClientChat` / "
              + "`webClientStream` with Spring WebClient 6.2.12 on it (`bodyToMono(String)`; `bodyToFlux(String)`, one item per line)."),
      new Suite("streams", StreamReadBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "stream-reads.md", "One streamed chat answer read line by line to its end, over loopback from a server in the "
              + "benchmark's parent JVM that sends each event as its own flushed chunk, as fast as the client reads: `jdk` with `HttpClient` and `ofLines`, "
              + "`okHttp` with OkHttp's `readUtf8Line`; `large-events`: 40 chunks of 1,000,000 characters, "
              + "`small-events`: 200,000 one-character chunks (time per whole answer, ms)."),
      new Suite("bedrock", BedrockCallBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "bedrock-calls.md", "A Bedrock `Converse` call through the AWS SDK 2.59.1's sync client on Apache HttpClient 4.5 "
              + "(one pooled keep-alive connection, SigV4 with fake static credentials) to a fake Bedrock in the benchmark's "
              + "parent JVM, over loopback."));

  public static void main(String[] args) throws IOException, RunnerException {
    requireCleanEnvironment();
    // The fake servers run on the JDK's HttpServer, which writes a response's headers and body in two
    // packets: without TCP_NODELAY, Nagle's algorithm and the client's delayed ACK hold the body back
    // ~40 ms whenever the client has already sent its whole request (the AWS SDK's calls measured 60 ms).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    String wanted = System.getProperty("bench.suite", "all");
    for (Suite suite : SUITES) {
      if (wanted.equals("all") || wanted.equals(suite.name())) {
        run(suite);
      }
    }
  }

  private static void run(Suite suite) throws IOException, RunnerException {
    int forks = Integer.getInteger("bench.forks", 3);
    int warmups = Integer.getInteger("bench.warmups", 3);
    int iterations = Integer.getInteger("bench.iterations", 5);
    Path agentJar = BenchPaths.inferScopeAgent();
    Path logs = Files.createDirectories(BenchPaths.reports().resolve("logs"));

    List<RunConfiguration> configurations = selected(suite.configurations());
    String profiler = System.getProperty("bench.profiler", "");
    BenchmarkTable table = new BenchmarkTable(configurations);
    try (OtlpSink sink = OtlpSink.start(); LlmServer llm = suite.callsLlm() ? LlmServer.start() : null;
        HostileServer streams = suite.readsStreams() ? HostileServer.start() : null;
        FakeBedrockServer bedrock = suite.callsBedrock() ? FakeBedrockServer.start(false) : null) {
      // One fork per configuration in turn, rather than all forks of one configuration in a row,
      // so that load which comes and goes on the machine affects every configuration alike.
      for (int fork = 1; fork <= forks; fork++) {
        for (RunConfiguration config : configurations) {
          Path log = logs.resolve(suite.name() + "-" + config.name().toLowerCase(Locale.ROOT) + "-fork" + fork + ".log");
          System.out.printf("fork %d of %d: %s (JMH output in %s)%n", fork, forks, config.label, log);
          OtlpSink.Counts before = sink.counts();
          List<String> jvmArgs = new ArrayList<>(config.jvmArgs(agentJar, sink.endpoint()));
          if (llm != null) {
            jvmArgs.add("-D" + LlmCallBenchmark.URL_PROPERTY + "=" + llm.server().openAiBaseUrl());
          }
          if (streams != null) {
            jvmArgs.add("-D" + StreamReadBenchmark.URL_PROPERTY + "=" + streams.baseUrl());
          }
          if (bedrock != null) {
            jvmArgs.add("-D" + BedrockCallBenchmark.ENDPOINT_PROPERTY + "=" + bedrock.endpoint());
          }
          OptionsBuilder builder = new OptionsBuilder();
          if (!profiler.isEmpty()) {
            // "name" or "name:options", as JMH's own -prof takes it (async:libPath=...;output=collapsed).
            int colon = profiler.indexOf(':');
            builder.addProfiler(colon < 0 ? profiler : profiler.substring(0, colon), colon < 0 ? "" : profiler.substring(colon + 1));
          }
          Options options = builder
              .include(Pattern.quote(suite.benchmark().getName()))
              .forks(1)
              .warmupIterations(warmups)
              .warmupTime(TimeValue.seconds(1))
              .measurementIterations(iterations)
              .measurementTime(TimeValue.seconds(1))
              // A fixed heap, and none of the options this JVM was started with.
              .jvmArgs("-Xms1g", "-Xmx1g")
              .jvmArgsAppend(jvmArgs.toArray(String[]::new))
              .shouldFailOnError(true)
              .build();
          table.add(config, runLogged(options, log));
          check(config, log, sink.counts().since(before));
        }
      }
    }
    String context = String.format(Locale.ROOT,
        "%s Java %s, %d CPUs. Per configuration and mode: "
            + "forks %d, each with %d × 1 s warm-up and %d × 1 s measurement; ± is JMH's 99.9%% confidence "
            + "interval.%n%n",
        suite.context(), Runtime.version(), Runtime.getRuntime().availableProcessors(), forks, warmups, iterations);
    BenchPaths.publish(suite.report(), context + table);
  }

  /**
   * The suite's configurations named in bench.configs (all by default), with the no-agent baseline;
   * with bench.baseline.jar, each sampled or unsampled one also with that earlier agent, interleaved.
   */
  private static List<RunConfiguration> selected(List<RunConfiguration> all) {
    String wanted = System.getProperty("bench.configs", "");
    List<RunConfiguration> chosen = all;
    if (!wanted.isBlank()) {
      List<String> names = List.of(wanted.toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
      for (String name : names) {
        RunConfiguration.valueOf(name); // an unknown name stops the run here, not after an hour
      }
      chosen = all.stream().filter(c -> c == RunConfiguration.NO_AGENT || names.contains(c.name())).toList();
    }
    if (System.getProperty("bench.baseline.jar") == null) {
      return chosen;
    }
    List<RunConfiguration> withBaseline = new ArrayList<>();
    for (RunConfiguration config : chosen) {
      withBaseline.add(config);
      if (config == RunConfiguration.SAMPLED) {
        withBaseline.add(RunConfiguration.BASELINE_SAMPLED);
      } else if (config == RunConfiguration.UNSAMPLED) {
        withBaseline.add(RunConfiguration.BASELINE_UNSAMPLED);
      }
    }
    return withBaseline;
  }

  /**
   * Runs JMH with everything it prints going to {@code log}. Not JMH's own output option: that
   * leaves out what the forked JVMs print to stderr once a benchmark runs, such as an agent
   * warning that the method could not be instrumented.
   */
  private static Collection<RunResult> runLogged(Options options, Path log) throws IOException, RunnerException {
    PrintStream out = System.out;
    PrintStream err = System.err;
    try (PrintStream file = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
      // JMH's output and the forks' streams go to System.out and System.err as they are at the start.
      System.setOut(file);
      System.setErr(file);
      try {
        return new Runner(options).run();
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }
  }

  /** JMH forks inherit this JVM's environment, where OTEL_* and the like would change what is measured. */
  private static void requireCleanEnvironment() {
    if (!"1".equals(System.getenv("ORT_DISABLE_TELEMETRY"))) {
      throw new IllegalStateException("set ORT_DISABLE_TELEMETRY=1 (bench.sh does)");
    }
    List<String> inherited = System.getenv().keySet().stream()
        .filter(name -> name.startsWith("OTEL_") || name.startsWith("INFERSCOPE_") || name.endsWith("JAVA_OPTIONS")
            || name.equals("JAVA_TOOL_OPTIONS"))
        .sorted()
        .toList();
    if (!inherited.isEmpty()) {
      throw new IllegalStateException("unset " + inherited + " (bench.sh does): they would reach the measured JVMs");
    }
  }

  /**
   * Fails unless the forks measured what the label says: the agent started in every fork (one per
   * benchmark method and mode) or in none, complained about nothing, and spans and metrics were exported or not.
   */
  private static void check(RunConfiguration config, Path log, OtlpSink.Counts exports) throws IOException {
    String output = Files.readString(log);
    long forks = occurrences(output, JMH_FORK_STARTED);
    long agentStarts = occurrences(output, AGENT_STARTED);
    boolean agentComplained = output.contains(AGENT_WARNING) || output.contains(AGENT_ERROR);
    System.out.printf("  agent started in %d of %d forks; export requests received: %d traces, %d metrics%n",
        agentStarts, forks, exports.traces(), exports.metrics());
    if (agentStarts != (config.hasAgent() ? forks : 0)
        || agentComplained
        || (exports.traces() > 0) != config.exportsTraces()
        || (exports.metrics() > 0) != config.hasAgent()) {
      throw new IllegalStateException(config.label + " did not behave as configured; see " + log);
    }
  }

  private static long occurrences(String text, String part) {
    return text.lines().filter(line -> line.contains(part)).count();
  }
}
