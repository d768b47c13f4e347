package io.inferscope.tests.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Measures what the agent adds per call: {@link OrtRunBenchmark} ({@code OrtSession.run}, written to
 * target/benchmarks/ort-run.md) and {@link DjlPredictBenchmark} (DJL {@code Predictor.predict} on the
 * ONNX Runtime engine, djl-predict.md) and {@link DjlHookCostBenchmark} (the DJL hooks alone,
 * djl-hooks.md), each in its {@link RunConfiguration}s, exporting to an {@link OtlpSink}. System
 * properties: bench.suite ({@code ort}, {@code djl}, {@code djl-hooks} or {@code all}, the default), bench.forks (3), bench.warmups (3), bench.iterations (5), inferscope.agent.jar.
 */
public final class BenchmarkMain {
  private static final String JMH_FORK_STARTED = "# Fork: ";
  private static final String AGENT_STARTED = "[inferscope] INFO InferScope";
  private static final String AGENT_WARNING = "[inferscope] WARN";
  private static final String AGENT_ERROR = "[inferscope] ERROR";
  private static final double[] PERCENTILES = {50, 90, 99};

  private BenchmarkMain() {}

  /** A benchmark, the configurations it is compared in, and where its table goes. */
  private record Suite(String name, Class<?> benchmark, List<RunConfiguration> configurations, String report, String context) {}

  private static final List<Suite> SUITES = List.of(
      new Suite("ort", OrtRunBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "ort-run.md", "`OrtSession.run` on matmul_relu, input [1,4], one intra-op thread."),
      new Suite("djl", DjlPredictBenchmark.class, List.of(RunConfiguration.values()),
          "djl-predict.md", "DJL `Predictor.predict` (ONNX Runtime engine) on matmul_relu, input [1,4], one intra-op thread."),
      new Suite("djl-hooks", DjlHookCostBenchmark.class,
          List.of(RunConfiguration.NO_AGENT, RunConfiguration.SAMPLED, RunConfiguration.UNSAMPLED),
          "djl-hooks.md", "DJL `Predictor.predict` with an identity block and no tensors: the DJL hooks' cost alone."));

  public static void main(String[] args) throws IOException, RunnerException {
    requireCleanEnvironment();
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

    Map<RunConfiguration, Map<Mode, List<BenchmarkResult>>> results = new EnumMap<>(RunConfiguration.class);
    try (OtlpSink sink = OtlpSink.start()) {
      // One fork per configuration in turn, rather than all forks of one configuration in a row,
      // so that load which comes and goes on the machine affects every configuration alike.
      for (int fork = 1; fork <= forks; fork++) {
        for (RunConfiguration config : suite.configurations()) {
          Path log = logs.resolve(suite.name() + "-" + config.name().toLowerCase(Locale.ROOT) + "-fork" + fork + ".log");
          System.out.printf("fork %d of %d: %s (JMH output in %s)%n", fork, forks, config.label, log);
          OtlpSink.Counts before = sink.counts();
          Options options = new OptionsBuilder()
              .include(Pattern.quote(suite.benchmark().getName()))
              .forks(1)
              .warmupIterations(warmups)
              .warmupTime(TimeValue.seconds(1))
              .measurementIterations(iterations)
              .measurementTime(TimeValue.seconds(1))
              // A fixed heap, and none of the options this JVM was started with.
              .jvmArgs("-Xms1g", "-Xmx1g")
              .jvmArgsAppend(config.jvmArgs(agentJar, sink.endpoint()).toArray(String[]::new))
              .shouldFailOnError(true)
              .build();
          for (RunResult run : runLogged(options, log)) {
            results.computeIfAbsent(config, c -> new EnumMap<>(Mode.class))
                .computeIfAbsent(run.getParams().getMode(), m -> new ArrayList<>())
                .addAll(run.getBenchmarkResults());
          }
          check(config, log, sink.counts().since(before));
        }
      }
    }
    String context = String.format(Locale.ROOT,
        "%s Java %s, %d CPUs. Per configuration and mode: "
            + "forks %d, each with %d × 1 s warm-up and %d × 1 s measurement; ± is JMH's 99.9%% confidence "
            + "interval.%n%n",
        suite.context(), Runtime.version(), Runtime.getRuntime().availableProcessors(), forks, warmups, iterations);
    BenchPaths.publish(suite.report(), context + table(suite, results));
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
   * mode) or in none, complained about nothing, and spans and metrics were exported or not.
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
        || (exports.traces() > 0) != config.sampled()
        || (exports.metrics() > 0) != config.hasAgent()) {
      throw new IllegalStateException(config.label + " did not behave as configured; see " + log);
    }
  }

  private static long occurrences(String text, String part) {
    return text.lines().filter(line -> line.contains(part)).count();
  }

  private static String table(Suite suite, Map<RunConfiguration, Map<Mode, List<BenchmarkResult>>> results) {
    MarkdownTable table = new MarkdownTable(
        "configuration", "mean ns/op", "p50 ns", "p90 ns", "p99 ns", "added vs no agent (mean)", "added by DJL hooks (mean / p50)");
    double baseline = merged(results.get(RunConfiguration.NO_AGENT), Mode.AverageTime).getScore();
    for (RunConfiguration config : suite.configurations()) {
      Result mean = merged(results.get(config), Mode.AverageTime);
      Result samples = merged(results.get(config), Mode.SampleTime);
      List<String> cells = new ArrayList<>();
      cells.add(config.label);
      cells.add(ns(mean.getScore()) + " ± " + ns(mean.getScoreError()));
      for (double percentile : PERCENTILES) {
        cells.add(ns(samples.getStatistics().getPercentile(percentile)));
      }
      double added = mean.getScore() - baseline;
      cells.add(config.hasAgent()
          ? String.format(Locale.ROOT, "%+.0f ns (%+.1f%%)", added, 100 * added / baseline)
          : "—");
      cells.add(djlShare(suite, results, config, mean, samples));
      table.row(cells.toArray(String[]::new));
    }
    return table.toString();
  }

  /** For the full-agent rows of the DJL suite: the difference to the same run without the DJL hooks. */
  private static String djlShare(
      Suite suite, Map<RunConfiguration, Map<Mode, List<BenchmarkResult>>> results, RunConfiguration config,
      Result mean, Result samples) {
    RunConfiguration withoutDjl = suite.configurations().stream().filter(c -> c.withDjl == config).findFirst().orElse(null);
    if (withoutDjl == null) {
      return "—";
    }
    double meanShare = mean.getScore() - merged(results.get(withoutDjl), Mode.AverageTime).getScore();
    double p50Share = samples.getStatistics().getPercentile(50)
        - merged(results.get(withoutDjl), Mode.SampleTime).getStatistics().getPercentile(50);
    return String.format(Locale.ROOT, "%+.0f ns / %+.0f ns", meanShare, p50Share);
  }

  /** All forks of one mode as one result, aggregated the way JMH aggregates its own forks. */
  private static Result merged(Map<Mode, List<BenchmarkResult>> byMode, Mode mode) {
    List<BenchmarkResult> forks = byMode.get(mode);
    return new RunResult(forks.get(0).getParams(), forks).getPrimaryResult();
  }

  /** Whole nanoseconds; n/a where JMH has too few iterations for an error estimate. */
  private static String ns(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
  }
}
