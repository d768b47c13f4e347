package io.inferscope.tests.otelagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.LocalHttp;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Spring Boot 3 executable jar (agent-tests/spring-boot-app), run with {@code java -jar} as users run
 * theirs: Spring MVC on embedded Tomcat, ONNX Runtime and openai-java nested in BOOT-INF/lib and loaded by
 * Boot's own class loader. InferScope alone, and as the OpenTelemetry Java agent's extension, where its
 * spans join the agent's Tomcat SERVER spans. Each case also records how long the application took from
 * launch to {@code ready}; the figures are printed at the end, never asserted (timings on a shared machine
 * would make the test flaky; bench.sh is where start-up is measured properly).
 */
class SpringBootAppTest {
  private static final String PREDICT = "predict square_matmul";
  private static final String LOAD = "load square_matmul";
  private static final String CHAT = "chat gpt-4o-mini";
  private static final String GENAI_SCOPE = "io.inferscope.genai";
  private static final String OKHTTP_SCOPE = "io.opentelemetry.okhttp";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int SCORES = 3;
  private static final int ASKS = 2;
  private static final Pattern BOOT_UPTIME = Pattern.compile("\\(process running for ([0-9.]+)\\)");
  /** Start-up figures by configuration, filled by every case and printed after all of them. */
  private static final Map<String, Startup> STARTUP = new ConcurrentHashMap<>();

  @TempDir Path dir;

  @Test
  void onnxRuntimeAndOpenAiJavaAreNestedInTheJar() throws IOException {
    try (ZipFile jar = new ZipFile(bootJar().toFile())) {
      // The versions the other tests use: the Boot module declares its own, apart from the rest of the build.
      String onnxRuntime = testClassPathJar("onnxruntime-");
      String openAi = System.getProperty("inferscope.openai.version");
      for (String entry : List.of("BOOT-INF/lib/" + onnxRuntime, "BOOT-INF/lib/openai-java-core-" + openAi + ".jar",
          "BOOT-INF/lib/openai-java-client-okhttp-" + openAi + ".jar",
          "BOOT-INF/classes/io/inferscope/bootapp/ScoreController.class", "org/springframework/boot/loader/launch/JarLauncher.class")) {
        assertTrue(jar.getEntry(entry) != null, () -> "no " + entry + " in " + bootJar());
      }
      assertTrue(jar.stream().anyMatch(e -> e.getName().matches("BOOT-INF/lib/okhttp-4\\.[0-9.]+\\.jar")), "openai-java's OkHttp 4");
      // Nothing but the loader at the top: the libraries can only come from BOOT-INF/lib.
      assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("ai/onnxruntime/") || e.getName().startsWith("com/openai/")));
    }
  }

  /** InferScope alone, Java 17: exactly the spans the requests make, on InferScope's own resource. */
  @Test
  void standalone() {
    try (FakeLlmServer llm = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      Run run = serve("(b) Java 17, InferScope", ForkedJvm.java17().withAgent(), receiver, llm, SCORES, ASKS);
      List<ReceivedSpan> spans = receiver.spans();
      System.out.println("standalone spans: " + describe(spans));

      assertEquals(Map.of(LOAD, 1L, PREDICT, (long) SCORES, CHAT, (long) ASKS), countByName(spans), () -> describe(spans));
      for (ReceivedSpan span : spans) {
        // Nothing traces Tomcat here, so each request's InferScope span is its trace's root.
        assertEquals("", span.parentSpanId(), () -> "a root span: " + span);
        assertEquals("inferscope", span.resource().get("telemetry.distro.name"), () -> "InferScope's resource: " + span);
        // Named from the jar, as the README promises for java -jar, not from Boot's JarLauncher.
        assertEquals("inferscope-boot-app", span.resource().get("service.name"), () -> "service name: " + span);
        assertEquals("0.1.0-SNAPSHOT", span.resource().get("service.version"), () -> "the jar's version: " + span);
      }
      assertChatSpans(spans);
      // Each LLM request names its own chat span: InferScope's OkHttp hook works inside Boot's class loader too.
      assertLlmRequestsName(named(spans, CHAT), run.llmRequests());
      assertMetricCounts(receiver, "inferscope");
      assertTrue(run.stderr().contains("[inferscope] INFO InferScope ") && run.stderr().contains(" started: instrumentations"),
          run::stderr);
      assertQuiet(run);
    }
  }

  /**
   * InferScope as the OpenTelemetry Java agent's extension: each request's trace is rooted at the agent's
   * Tomcat SERVER span, InferScope's spans are its children, and the agent's OkHttp span is the chat span's
   * child. Everything leaves through the agent's SDK.
   */
  @Test
  void asExtensionOfTheOpenTelemetryJavaAgent() {
    try (FakeLlmServer llm = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
      Run run = serve("(d) Java 17, OpenTelemetry agent + InferScope extension", jvm, receiver, llm, SCORES, ASKS);
      List<ReceivedSpan> spans = receiver.spans();
      System.out.println("extension spans: " + describe(spans));

      // Exactly these: one chat span per call (the agent's own openai-java span stays off), no controller span.
      assertEquals(Map.of(LOAD, 1L, "GET /score", (long) SCORES, PREDICT, (long) SCORES,
          "GET /ask", (long) ASKS, CHAT, (long) ASKS, "POST", (long) ASKS), countByName(spans), () -> describe(spans));
      // The session is created while the application context starts, outside any request: a trace of its own.
      assertEquals(List.of("INTERNAL " + LOAD), chain(named(spans, LOAD).get(0), spans));
      List<ReceivedSpan> scores = named(spans, "GET /score");
      List<ReceivedSpan> asks = named(spans, "GET /ask");
      for (ReceivedSpan server : scores) {
        assertEquals("SERVER", server.kind());
        List<ReceivedSpan> predicts = inTrace(spans, server, PREDICT);
        assertEquals(1, predicts.size(), () -> "one predict per request: " + describe(spans));
        assertEquals(List.of("INTERNAL " + PREDICT, "SERVER GET /score"), chain(predicts.get(0), spans));
      }
      for (ReceivedSpan server : asks) {
        assertEquals("SERVER", server.kind());
        List<ReceivedSpan> http = inTrace(spans, server, "POST").stream()
            .filter(s -> s.scopeName().startsWith(OKHTTP_SCOPE)).toList();
        assertEquals(1, http.size(), () -> "the agent's OkHttp span: " + describe(spans));
        assertEquals(List.of("CLIENT POST", "CLIENT " + CHAT, "SERVER GET /ask"), chain(http.get(0), spans));
      }
      assertChatSpans(spans);
      // The LLM server is told the agent's OkHttp span, the innermost one.
      assertLlmRequestsName(named(spans, "POST"), run.llmRequests());
      assertMetricCounts(receiver, AgentApps.OTEL_AGENT_DISTRO);
      assertTrue(spans.stream().allMatch(s -> AgentApps.OTEL_AGENT_DISTRO.equals(s.resource().get("telemetry.distro.name"))),
          () -> "InferScope's own SDK exported something: " + describe(spans));
      assertTrue(receiver.metrics().stream().noneMatch(m -> "inferscope".equals(m.resource().get("telemetry.distro.name"))),
          "InferScope's own SDK exported metrics");
      assertTrue(run.stderr().contains("started inside the OpenTelemetry Java agent " + AgentApps.OTEL_AGENT_NEWEST),
          run::stderr);
      assertQuiet(run);
    }
  }

  /** InferScope alone on Java 25: the same spans, and no JVM warning on the way. */
  @Test
  void standaloneOnJava25() {
    try (FakeLlmServer llm = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      Run run = serve("(e) Java 25, InferScope", ForkedJvm.java25().withAgent(), receiver, llm, 1, 1);
      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(Map.of(LOAD, 1L, PREDICT, 1L, CHAT, 1L), countByName(spans), () -> describe(spans));
      assertTrue(spans.get(0).resource().get("process.runtime.version").toString().startsWith("25"), spans.get(0)::toString);
      assertChatSpans(spans);
      assertLlmRequestsName(named(spans, CHAT), run.llmRequests());
      assertFalse(run.stderr().contains("WARNING"), () -> "no JVM warnings (Unsafe, native access, dynamic agent): " + run.stderr());
      assertQuiet(run);
    }
  }

  /** The first reference for the start-up figures: the application with no agent, which exports nothing. */
  @Test
  void withoutAnyAgent() {
    try (FakeLlmServer llm = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      Run run = serve("(a) Java 17, no agent", ForkedJvm.java17(), receiver, llm, 1, 1);
      assertEquals(List.of(), receiver.spans(), "no agent, no spans");
      assertQuiet(run);
    }
  }

  /**
   * The second reference: the OpenTelemetry Java agent alone traces the requests (and, with its own
   * openai-java instrumentation switched on by default, the chat call) but not ONNX Runtime.
   */
  @Test
  void withTheOpenTelemetryJavaAgentAlone() {
    try (FakeLlmServer llm = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm otelAgent = ForkedJvm.java17().javaagent(AgentApps.openTelemetryJavaAgent());
      Run run = serve("(c) Java 17, OpenTelemetry agent", otelAgent, receiver, llm, 1, 1);
      List<ReceivedSpan> spans = receiver.spans();
      // No load or predict span; the chat span is the agent's own (InferScope switches that one off as its extension).
      assertEquals(Map.of("GET /score", 1L, "GET /ask", 1L, CHAT, 1L, "POST", 1L), countByName(spans), () -> describe(spans));
      assertTrue(named(spans, CHAT).get(0).scopeName().startsWith("io.opentelemetry.openai-java"), () -> describe(spans));
      assertFalse(run.stderr().contains("[inferscope]"), run::stderr);
      assertQuiet(run);
    }
  }

  @AfterAll
  static void printStartupFigures() {
    System.out.println("Spring Boot application start-up, one run each, not a benchmark (launch to 'ready' as the test"
        + " saw it; JVM uptime at Boot's 'Started' line):");
    new TreeMap<>(STARTUP).forEach((configuration, figures) ->
        System.out.printf("  %-58s %6d ms  %6s ms%n", configuration, figures.launchToReadyMillis(), figures.bootUptimeMillis()));
  }

  /** What one run of the application printed, and the requests it sent to the LLM. */
  private record Run(String stdout, String stderr, List<RecordedRequest> llmRequests) {}

  /** One start-up: wall-clock from launch to {@code ready}, and the uptime Boot itself logged ("process running for"). */
  private record Startup(long launchToReadyMillis, String bootUptimeMillis) {}

  /**
   * Starts the jar on {@code jvm} exporting to {@code receiver}, records how long it took to print
   * {@code ready}, makes the requests (answers checked), and stops it (SIGTERM, so the last spans leave).
   */
  private Run serve(String configuration, ForkedJvm jvm, OtlpReceiver receiver, FakeLlmServer llm, int scores, int asks) {
    Path model = OnnxModels.squareMatmul(dir);
    int port = FreePort.pick();
    AgentApps.exportingTo(jvm, receiver, AgentApps.HTTP).executableJar(bootJar())
        .args("--server.port=" + port, "--model=" + model, "--llm.base-url=" + llm.openAiBaseUrl());
    int llmRequests = llm.requests().size();
    long launched = System.nanoTime();
    try (ChildProcess app = jvm.start()) {
      app.waitForOutput("\nready\n", START_TIMEOUT);
      long launchToReady = (System.nanoTime() - launched) / 1_000_000;
      app.waitForOutput("port=" + port + "\n", Duration.ofSeconds(1));
      String base = "http://127.0.0.1:" + port;
      for (int i = 0; i < scores; i++) {
        // 4 x 4 with a diagonal of 2s, squared: the first element is 4.
        assertEquals("score=4.0", LocalHttp.get(base + "/score?size=4"));
      }
      for (int i = 0; i < asks; i++) {
        String q = URLEncoder.encode("Say hello " + i, StandardCharsets.UTF_8);
        assertEquals(FakeAnswer.CONTENT, LocalHttp.get(base + "/ask?q=" + q));
      }
      ForkedJvm.Result result = app.stop();
      Matcher uptime = BOOT_UPTIME.matcher(result.stdout());
      STARTUP.put(configuration, new Startup(launchToReady,
          uptime.find() ? String.valueOf(Math.round(Double.parseDouble(uptime.group(1)) * 1000)) : "?"));
      List<RecordedRequest> sent = llm.requests().subList(llmRequests, llm.requests().size());
      assertEquals(asks, sent.size(), "one LLM request per question");
      return new Run(result.stdout(), result.stderr(), sent);
    }
  }

  /** Each chat span answers one question with the fake LLM's usage, and is InferScope's. */
  private static void assertChatSpans(List<ReceivedSpan> spans) {
    for (ReceivedSpan chat : named(spans, CHAT)) {
      assertTrue(chat.scopeName().startsWith(GENAI_SCOPE), chat::toString);
      assertEquals("CLIENT", chat.kind(), chat::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, chat.longAttr("gen_ai.usage.output_tokens"), chat::toString);
      assertEquals((long) FakeAnswer.INPUT_TOKENS, chat.longAttr("gen_ai.usage.input_tokens"), chat::toString);
    }
  }

  /** Each LLM request carries exactly one traceparent, and it names one of {@code named}, each named once. */
  private static void assertLlmRequestsName(List<ReceivedSpan> named, List<RecordedRequest> requests) {
    List<String> expected = named.stream().map(s -> s.traceId() + "-" + s.spanId()).sorted().toList();
    List<String> sent = new ArrayList<>();
    for (RecordedRequest request : requests) {
      List<String> traceparents = request.headers("traceparent");
      assertEquals(1, traceparents.size(), () -> "one traceparent: " + request);
      sent.add(traceparents.get(0).substring(3, 3 + 32 + 1 + 16));
    }
    assertEquals(expected, sent.stream().sorted().toList(), "the LLM server is told the span of each call");
  }

  /** Inference and GenAI duration histograms count every call, under the resource of whichever SDK exported them. */
  private static void assertMetricCounts(OtlpReceiver receiver, String distro) {
    List<ReceivedMetric> metrics = receiver.metrics();
    assertEquals(SCORES, lastCount(metrics, "ml.inference.duration", distro));
    assertEquals(ASKS, lastCount(metrics, "gen_ai.client.operation.duration", distro));
  }

  /** The count of a histogram's last (cumulative) point exported under that distribution's resource. */
  private static long lastCount(List<ReceivedMetric> metrics, String name, String distro) {
    List<ReceivedMetric> points = metrics.stream()
        .filter(m -> m.name().equals(name) && distro.equals(m.resource().get("telemetry.distro.name"))).toList();
    assertFalse(points.isEmpty(), () -> name + " not received from " + distro);
    return points.get(points.size() - 1).count();
  }

  /**
   * Nothing went wrong on the way: no InferScope warning or error, and no stack trace on either stream
   * (Boot logs to stdout, so an exception InferScope caused in the application would show there).
   */
  private static void assertQuiet(Run run) {
    for (String line : (run.stderr() + "\n" + run.stdout()).lines().toList()) {
      assertFalse(line.startsWith("[inferscope] WARN") || line.startsWith("[inferscope] ERROR"), () -> line + "\n" + run.stderr());
      assertFalse(line.startsWith("\tat ") || line.startsWith("Caused by: "), () -> "a stack trace:\n" + run.stderr() + run.stdout());
      assertFalse(line.contains(" WARN ") || line.contains(" ERROR "), () -> "a logged warning: " + line);
    }
  }

  /** The span's names up to its trace's root, each as "KIND name", the span first. */
  private static List<String> chain(ReceivedSpan span, List<ReceivedSpan> spans) {
    Map<String, ReceivedSpan> byId = spans.stream().collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity()));
    List<String> chain = new ArrayList<>();
    for (ReceivedSpan s = span; s != null; s = byId.get(s.parentSpanId())) {
      chain.add(s.kind() + " " + s.name());
      if (!s.parentSpanId().isEmpty() && !byId.containsKey(s.parentSpanId())) {
        chain.add("missing parent " + s.parentSpanId());
      }
    }
    return chain;
  }

  private static List<ReceivedSpan> inTrace(List<ReceivedSpan> spans, ReceivedSpan member, String name) {
    return spans.stream().filter(s -> s.traceId().equals(member.traceId()) && s.name().equals(name)).toList();
  }

  private static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static Map<String, Long> countByName(List<ReceivedSpan> spans) {
    return spans.stream().collect(Collectors.groupingBy(ReceivedSpan::name, TreeMap::new, Collectors.counting()));
  }

  private static String describe(List<ReceivedSpan> spans) {
    return spans.stream().map(s -> "\n  " + s.kind() + " " + s.name() + " [" + s.scopeName() + "] " + s.traceId().substring(0, 8)
        + " " + s.spanId() + "<-" + s.parentSpanId() + " (" + s.resource().get("telemetry.distro.name") + ")")
        .collect(Collectors.joining());
  }

  private static Path bootJar() {
    String configured = System.getProperty("inferscope.boot.jar");
    if (configured == null) {
      throw new AssertionError("system property inferscope.boot.jar is not set; run the tests with Maven");
    }
    Path jar = Path.of(configured);
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no Spring Boot jar at " + jar + "; build it first: mvn -pl agent-tests/spring-boot-app package");
    }
    return jar;
  }

  private static String testClassPathJar(String prefix) {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(entry -> Path.of(entry).getFileName().toString())
        .filter(name -> name.startsWith(prefix) && name.endsWith(".jar"))
        .findFirst().orElseThrow(() -> new AssertionError("no " + prefix + "*.jar on the test class path"));
  }
}
