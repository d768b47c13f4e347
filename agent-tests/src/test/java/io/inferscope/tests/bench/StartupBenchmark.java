package io.inferscope.tests.bench;

import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;

/**
 * Start-up time without an agent, with InferScope, with the OpenTelemetry Java agent, and with that
 * agent running InferScope as its extension, all with exporters off so no network is involved, for two
 * applications: a {@link HelloWorld} JVM (wall-clock from launch to exit) and the Spring Boot executable
 * jar of the end-to-end tests (launch until it prints {@code ready}, then stopped). Writes
 * target/benchmarks/startup.md. System properties: bench.startup.runs (default 15; the Boot app gets a
 * third of them, at least 5), bench.java25 (also measure hello world on Java 25), inferscope.agent.jar,
 * bench.baseline.jar (an earlier InferScope jar, also run as the extension, interleaved).
 */
public final class StartupBenchmark {
  private static final String NO_AGENT = "no agent";
  private static final String OTEL_AGENT = "OpenTelemetry Java agent ";
  private static final String EXTENSION = " + InferScope as its extension";
  private static final String EARLIER_EXTENSION = " + an earlier InferScope (bench.baseline.jar) as its extension";
  private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(120);

  /** One way of launching the application; {@code startedLine} proves the agent really ran. */
  private record Subject(String java, String agent, Supplier<ForkedJvm> jvm, String startedLine, boolean serves) {
    String label() {
      return java + ", " + agent;
    }
  }

  private StartupBenchmark() {}

  public static void main(String[] args) throws IOException {
    int runs = Integer.getInteger("bench.startup.runs", 15);
    List<Subject> hello = new ArrayList<>(subjects("Java 17", ForkedJvm::java17, StartupBenchmark::helloWorld, false));
    if (Boolean.getBoolean("bench.java25")) {
      hello.addAll(subjects("Java 25", ForkedJvm::java25, StartupBenchmark::helloWorld, false));
    }
    Path model = OnnxModels.squareMatmul(Files.createTempDirectory("inferscope-startup"));
    List<Subject> boot = subjects("Java 17", ForkedJvm::java17, jvm -> springBoot(jvm, model), true);
    String context = String.format(Locale.ROOT,
        "Start-up in wall-clock ms, configurations interleaved round robin; %d CPUs. Exporters set to none.%n%n",
        Runtime.getRuntime().availableProcessors());
    String helloTable = measure(hello, runs);
    String bootTable = measure(boot, Math.max(5, runs / 3));
    BenchPaths.publish("startup.md", context
        + "Hello world, launch to exit, " + runs + " runs each:\n\n" + helloTable
        + "\nSpring Boot 3.5.7 executable jar (Tomcat, ONNX Runtime and openai-java in BOOT-INF/lib), launch to ready, "
        + Math.max(5, runs / 3) + " runs each:\n\n" + bootTable);
  }

  private static String measure(List<Subject> subjects, int runs) {
    // One untimed launch each: it fills the OS file cache with the JDK and agent jars, which would
    // otherwise count against whichever configuration happens to go first.
    subjects.forEach(StartupBenchmark::launch);
    Map<Subject, List<Double>> millis = new LinkedHashMap<>();
    // Round robin, so that load which comes and goes on the machine affects every configuration alike.
    for (int run = 1; run <= runs; run++) {
      System.out.printf("startup round %d of %d%n", run, runs);
      for (Subject subject : subjects) {
        millis.computeIfAbsent(subject, s -> new ArrayList<>()).add(launch(subject));
      }
    }
    return table(millis) + extensionCost(millis);
  }

  /** The no-agent subject comes first: the table takes each Java version's baseline from it. */
  private static List<Subject> subjects(
      String java, Supplier<ForkedJvm> jvm, UnaryOperator<ForkedJvm> application, boolean serves) {
    Path otelAgent = BenchPaths.openTelemetryAgent();
    String otel = OTEL_AGENT + version(otelAgent);
    List<Subject> subjects = new ArrayList<>(List.of(
        new Subject(java, NO_AGENT, () -> application.apply(jvm.get()), null, serves),
        new Subject(java, "InferScope agent",
            () -> application.apply(jvm.get()).jvmArg("-javaagent:" + BenchPaths.inferScopeAgent()),
            "[inferscope] INFO InferScope", serves),
        new Subject(java, otel, () -> application.apply(jvm.get()).jvmArg("-javaagent:" + otelAgent),
            "opentelemetry-javaagent - version:", serves),
        new Subject(java, otel + EXTENSION,
            () -> application.apply(jvm.get()).jvmArg("-javaagent:" + otelAgent)
                .jvmArg("-Dotel.javaagent.extensions=" + BenchPaths.inferScopeAgent()),
            "started inside the OpenTelemetry Java agent", serves)));
    String baseline = System.getProperty("bench.baseline.jar");
    if (baseline != null) {
      // An earlier build beside this one, interleaved: what a change did, sharper than two runs of the suite.
      subjects.add(new Subject(java, otel + EARLIER_EXTENSION,
          () -> application.apply(jvm.get()).jvmArg("-javaagent:" + otelAgent).jvmArg("-Dotel.javaagent.extensions=" + baseline),
          "started inside the OpenTelemetry Java agent", serves));
    }
    return subjects;
  }

  private static ForkedJvm helloWorld(ForkedJvm jvm) {
    return withoutExport(jvm.classpathFromTest().mainClass(HelloWorld.class.getName()));
  }

  // Port 0: any free port. The LLM base URL is never called during start-up.
  private static ForkedJvm springBoot(ForkedJvm jvm, Path model) {
    return withoutExport(jvm.executableJar(BenchPaths.springBootApp())
        .args("--server.port=0", "--model=" + model, "--llm.base-url=http://127.0.0.1:9/v1"));
  }

  private static ForkedJvm withoutExport(ForkedJvm jvm) {
    return jvm.env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none");
  }

  /** Runs the application once and returns how long it took, in milliseconds. */
  private static double launch(Subject subject) {
    long start = System.nanoTime();
    String stdout;
    String stderr;
    double millis;
    if (subject.serves()) {
      try (ChildProcess app = subject.jvm().get().start()) {
        app.waitForOutput("\nready\n", BOOT_TIMEOUT);
        millis = (System.nanoTime() - start) / 1e6;
        ForkedJvm.Result result = app.stop();
        stdout = result.stdout();
        stderr = result.stderr();
      }
    } else {
      ForkedJvm.Result result = subject.jvm().get().run();
      millis = (System.nanoTime() - start) / 1e6;
      result.assertSuccess();
      stdout = result.stdout();
      stderr = result.stderr();
    }
    String expected = subject.serves() ? "ready" : "hello, world";
    if (!stdout.contains(expected) || subject.startedLine() != null && !stderr.contains(subject.startedLine())) {
      throw new IllegalStateException(subject.label() + " did not run as configured:\n" + stdout + stderr);
    }
    return millis;
  }

  private static String table(Map<Subject, List<Double>> millis) {
    MarkdownTable table = new MarkdownTable(
        "configuration", "median ms", "min ms", "max ms", "p90 ms", "median added vs no agent");
    Map<String, Double> baselines = new LinkedHashMap<>();
    millis.forEach((subject, times) -> {
      List<Double> sorted = times.stream().sorted().toList();
      double median = median(sorted);
      if (subject.agent().equals(NO_AGENT)) {
        baselines.put(subject.java(), median);
      }
      double baseline = baselines.get(subject.java());
      double added = median - baseline;
      table.row(subject.label(), ms(median), ms(sorted.get(0)), ms(sorted.get(sorted.size() - 1)),
          ms(percentile(sorted, 90)),
          subject.agent().equals(NO_AGENT)
              ? "—"
              : String.format(Locale.ROOT, "%+.0f ms (%+.0f%%)", added, 100 * added / baseline));
    });
    return table.toString();
  }

  /**
   * What the extension adds to the OpenTelemetry Java agent's own start-up (the budget is 0.3 s),
   * per Java version: the difference of the two medians.
   */
  private static String extensionCost(Map<Subject, List<Double>> millis) {
    Map<String, Double> alone = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder();
    millis.forEach((subject, times) -> {
      double median = median(times.stream().sorted().toList());
      if (subject.agent().startsWith(OTEL_AGENT) && !subject.agent().endsWith(EXTENSION)
          && !subject.agent().endsWith(EARLIER_EXTENSION)) {
        alone.put(subject.java(), median);
      } else if (subject.agent().endsWith(EXTENSION) || subject.agent().endsWith(EARLIER_EXTENSION)) {
        text.append(String.format(Locale.ROOT,
            "%n%s: the %s extension adds %+.0f ms (median) to the OpenTelemetry Java agent's start-up.%n",
            subject.java(), subject.agent().endsWith(EXTENSION) ? "InferScope" : "earlier InferScope",
            median - alone.get(subject.java())));
      }
    });
    return text.toString();
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Nearest-rank percentile: a value that was actually measured, as suits a handful of runs. */
  private static double percentile(List<Double> sorted, int percent) {
    return sorted.get((int) Math.ceil(percent / 100.0 * sorted.size()) - 1);
  }

  private static String ms(double millis) {
    return String.format(Locale.ROOT, "%.0f", millis);
  }

  private static String version(Path agentJar) {
    try (JarFile jar = new JarFile(agentJar.toFile())) {
      return jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + agentJar, e);
    }
  }
}
