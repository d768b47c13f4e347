package io.inferscope.tests.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Resource use as a model-serving team watches it: the JVM runtime metrics under the OpenTelemetry
 * conventions' names, the process's resident memory, models loaded and inferences in flight, from a
 * forked application (two ONNX Runtime sessions, four predicting threads, one session closed twice,
 * a forced GC) over OTLP with nothing set but the endpoint. Alone on Java 17 and 25, switched off,
 * and inside the OpenTelemetry Java agent, whose own runtime metrics are then the only ones.
 */
class ResourceMetricsTest {
  private static final int PER_THREAD = 25;
  private static final String MODEL = "matmul_relu";

  @TempDir Path dir;

  private ForkedJvm.Result run(ForkedJvm jvm, OtlpReceiver receiver) throws Exception {
    return checked(app(jvm, receiver).run());
  }

  private ForkedJvm app(ForkedJvm jvm, OtlpReceiver receiver, String... extraArgs) throws Exception {
    Path model = OnnxModels.matmulRelu(dir);
    List<String> args = new ArrayList<>(List.of(model.toString(), String.valueOf(PER_THREAD)));
    args.addAll(List.of(extraArgs));
    return AgentApps.exportingTo(jvm.classpathFromTest("onnxruntime"), receiver, AgentApps.HTTP)
        .mainClass("io.inferscope.tests.apps.ModelServingApp").args(args.toArray(String[]::new));
  }

  private static ForkedJvm.Result checked(ForkedJvm.Result result) {
    result.assertSuccess();
    assertTrue(result.stdout().contains("calls=" + 4 * PER_THREAD), result.stdout());
    assertFalse(result.stderr().contains("[inferscope] WARN") || result.stderr().contains("[inferscope] ERROR"), result.stderr());
    return result;
  }

  @ParameterizedTest
  @ValueSource(strings = {"17", "25"})
  void runtimeSeriesArriveWithSaneValues(String java) throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run((java.equals("25") ? ForkedJvm.java25() : ForkedJvm.java17()).withAgent(), receiver);
      assertTrue(startLine(result).endsWith("; runtime metrics on; drift on (one prediction in 10)"), startLine(result));
      Map<String, ReceivedMetric> heap = latestBy(receiver, "jvm.memory.used", m -> "heap".equals(m.attr("jvm.memory.type")));
      assertFalse(heap.isEmpty(), () -> "no heap pools in " + names(receiver));
      double heapUsed = heap.values().stream().mapToDouble(ReceivedMetric::value).sum();
      assertTrue(heapUsed > 1 << 20, "heap used " + heapUsed);
      Map<String, ReceivedMetric> limits = latestBy(receiver, "jvm.memory.limit", m -> "heap".equals(m.attr("jvm.memory.type")));
      for (Map.Entry<String, ReceivedMetric> pool : heap.entrySet()) {
        ReceivedMetric limit = limits.get(pool.getKey());
        assertTrue(limit == null || pool.getValue().value() <= limit.value(), () -> pool + " above its limit " + limit);
        assertEquals("By", pool.getValue().unit());
      }
      assertFalse(latestBy(receiver, "jvm.memory.used", m -> "non_heap".equals(m.attr("jvm.memory.type"))).isEmpty(), "non-heap pools");
      assertTrue(only(receiver, "jvm.cpu.time").value() > 0.1, "the JVM used CPU");
      double utilization = only(receiver, "jvm.cpu.recent_utilization").value();
      assertTrue(utilization >= 0 && utilization <= 1, "utilization " + utilization);
      assertTrue(only(receiver, "jvm.cpu.count").value() >= 1, "CPUs");
      double threads = latestBy(receiver, "jvm.thread.count", m -> true).values().stream().mapToDouble(ReceivedMetric::value).sum();
      assertTrue(threads >= 5, "main, four pool threads and the JVM's own: " + threads);
      assertTrue(only(receiver, "jvm.class.count").value() > 1000, "classes loaded");
      List<ReceivedMetric> gc = latest(receiver, "jvm.gc.duration");
      assertTrue(gc.stream().mapToLong(ReceivedMetric::count).sum() >= 1, () -> "System.gc() was timed: " + gc);
      assertTrue(gc.stream().allMatch(m -> m.attr("jvm.gc.name") != null && m.attr("jvm.gc.action") != null), gc::toString);
      ReceivedMetric resident = only(receiver, "process.memory.usage");
      assertEquals("By", resident.unit());
      assertTrue(resident.value() > heapUsed && resident.value() < 64.0 * (1L << 30),
          "resident " + resident.value() + " holds the used heap " + heapUsed + " and the native ONNX Runtime memory");
      assertTrue(receiver.metrics().stream().filter(m -> m.name().startsWith("jvm.")).allMatch(m -> m.scopeName().equals("io.opentelemetry.runtime-telemetry")),
          () -> "runtime metrics under their library's scope name: " + scopes(receiver, "jvm."));
      assertModelServingSeries(receiver);
    }
  }

  @Test
  void theOffSwitchLeavesOnlyInferenceTelemetry() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(ForkedJvm.java17().withAgent().env("INFERSCOPE_RUNTIME_TELEMETRY_ENABLED", "false"), receiver);
      assertTrue(startLine(result).contains("; runtime metrics off (inferscope.runtime-telemetry.enabled=false); "), startLine(result));
      Set<String> names = names(receiver);
      assertTrue(names.stream().noneMatch(n -> n.startsWith("jvm.") || n.startsWith("process.")), names::toString);
      assertModelServingSeries(receiver);
    }
  }

  /**
   * As an extension the OpenTelemetry Java agent's own runtime metrics are the JVM's (never a second
   * copy from InferScope); InferScope adds the resident memory, which that agent does not report, and
   * the model-serving series.
   */
  @Test
  void insideTheOpenTelemetryAgentItsRuntimeMetricsAreTheOnlyOnes() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      // That agent closes its runtime metrics in a shutdown hook of its own, which races its SDK's
      // final export; so the application stays up until a periodic export has carried them.
      Path release = dir.resolve("release");
      try (ChildProcess app = app(ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent()), receiver,
          release.toString()).start()) {
        app.waitUntil("the OpenTelemetry agent exported JVM metrics", Duration.ofMinutes(2),
            () -> receiver.metrics().stream().anyMatch(m -> m.name().startsWith("jvm.")));
        Files.createFile(release);
        checked(app.awaitExit(Duration.ofMinutes(2)));
      }
      Map<String, Set<String>> scopes = scopes(receiver, "jvm.");
      assertFalse(scopes.isEmpty(), () -> "the agent's runtime metrics: " + names(receiver));
      assertEquals(1, scopes.values().stream().flatMap(Set::stream).distinct().count(), () -> "one source of JVM metrics: " + scopes);
      assertTrue(scopes.values().stream().flatMap(Set::stream).noneMatch(s -> s.contains("inferscope")), scopes::toString);
      assertEquals("io.inferscope.runtime", only(receiver, "process.memory.usage").scopeName());
      assertModelServingSeries(receiver);
    }
  }

  /** Two sessions loaded, one closed (twice): one loaded; every call over: none in flight. */
  private static void assertModelServingSeries(OtlpReceiver receiver) {
    ReceivedMetric loaded = only(receiver, "ml.model.loaded");
    assertEquals(1, loaded.value(), loaded::toString);
    assertEquals("SUM", loaded.type());
    assertEquals(Map.of("ml.framework", "onnxruntime", "ml.engine", "CPU", "ml.model.name", MODEL, "ml.device", "cpu"),
        loaded.attributes().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))));
    ReceivedMetric active = only(receiver, "ml.inference.active");
    assertEquals(0, active.value(), active::toString);
    assertEquals("predict", active.attr("ml.operation"));
    assertEquals(MODEL, active.attr("ml.model.name"));
  }

  private static String startLine(ForkedJvm.Result result) {
    return result.stderr().lines().filter(l -> l.contains("InferScope") && l.contains(" started: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no start line: " + result.stderr()));
  }

  /** The last exported point of each series of {@code name}. */
  private static List<ReceivedMetric> latest(OtlpReceiver receiver, String name) {
    Map<Map<String, Object>, ReceivedMetric> last = new LinkedHashMap<>();
    receiver.metrics().stream().filter(m -> m.name().equals(name)).forEach(m -> last.put(m.attributes(), m));
    return List.copyOf(last.values());
  }

  private static Map<String, ReceivedMetric> latestBy(OtlpReceiver receiver, String name, Predicate<ReceivedMetric> which) {
    return latest(receiver, name).stream().filter(which)
        .collect(Collectors.toMap(m -> String.valueOf(m.attr("jvm.memory.pool.name")) + "/" + m.attr("jvm.thread.state") + "/" + m.attr("jvm.thread.daemon"), m -> m, (a, b) -> b));
  }

  private static ReceivedMetric only(OtlpReceiver receiver, String name) {
    List<ReceivedMetric> series = latest(receiver, name);
    assertEquals(1, series.size(), () -> "one series of " + name + ": " + series + "; received " + names(receiver));
    return series.get(0);
  }

  private static Set<String> names(OtlpReceiver receiver) {
    return receiver.metrics().stream().map(ReceivedMetric::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Map<String, Set<String>> scopes(OtlpReceiver receiver, String prefix) {
    return receiver.metrics().stream().filter(m -> m.name().startsWith(prefix))
        .collect(Collectors.groupingBy(ReceivedMetric::name, Collectors.mapping(ReceivedMetric::scopeName, Collectors.toSet())));
  }
}
