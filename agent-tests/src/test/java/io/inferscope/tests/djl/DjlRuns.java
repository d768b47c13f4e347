package io.inferscope.tests.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Forked DJL application JVMs and the assertions the DJL tests share.
 *
 * <p>The two engine sets need different {@code ai.djl:api} versions, so neither is on the test class
 * path: Maven copies each into its own folder (system properties {@code inferscope.djl.onnxruntime.libs}
 * and {@code inferscope.djl.pytorch.libs}), and the forked JVM gets that folder's jars. DJL extracts
 * PyTorch's natives into {@code DJL_CACHE_DIR}, kept under target/ next to those folders.
 */
public final class DjlRuns {
  public static final String ORT = "OnnxRuntime";
  static final String PYTORCH = "PyTorch";
  public static final String APP = "io.inferscope.tests.apps.DjlApp";
  static final String CHILD_LOADER_APP = "io.inferscope.tests.apps.DjlChildLoaderApp";
  static final String FRAMEWORK = "djl";
  static final List<String> PHASES = List.of("preprocess", "inference", "postprocess");
  /** OnnxModels.expected for the input {1, 2, 3, 4}; the PyTorch model has the same weights. */
  static final float[] EXPECTED_PREDICT = {0.0f, 5.5f, 1.5f};
  /** OnnxModels.expected for DjlApp's batch rows i + 0.5 j - 1, i = 0..2. */
  static final float[][] EXPECTED_BATCH_3 = {{0.0f, 1.25f, 0.0f}, {0.0f, 2.25f, 0.125f}, {0.0f, 3.25f, 1.375f}};
  private static final Duration PYTORCH_TIMEOUT = Duration.ofSeconds(180);

  private DjlRuns() {}

  static Path libs(String engine) {
    String property = engine.equals(PYTORCH) ? "inferscope.djl.pytorch.libs" : "inferscope.djl.onnxruntime.libs";
    String folder = System.getProperty(property);
    if (folder == null) {
      throw new AssertionError("system property " + property + " is not set; run the tests with Maven");
    }
    return Path.of(folder);
  }

  static Path[] jars(String engine) {
    try (Stream<Path> files = Files.list(libs(engine))) {
      Path[] jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
      if (jars.length == 0) {
        throw new AssertionError("no jars in " + libs(engine) + "; run the tests with Maven");
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path cacheDir() {
    return libs(ORT).toAbsolutePath().getParent().resolve("djl-cache");
  }

  /** A DJL JVM without agent on the engine's jars (plus onnxruntime 1.29 from the test class path for ORT). */
  public static ForkedJvm plain(ForkedJvm jvm, String engine) {
    if (engine.equals(ORT)) {
      jvm.classpathFromTest("onnxruntime-");
    } else {
      jvm.classpathFromTest().timeout(PYTORCH_TIMEOUT);
    }
    return jvm.classpath(jars(engine)).env("DJL_CACHE_DIR", cacheDir().toString()).mainClass(APP);
  }

  /** {@link #plain} with the agent attached, exporting over OTLP/HTTP to {@code receiver}. */
  static ForkedJvm withAgent(String engine, OtlpReceiver receiver) {
    return AgentApps.exportingTo(plain(ForkedJvm.java17().withAgent(), engine), receiver, AgentApps.HTTP)
        .env("OTEL_BSP_MAX_QUEUE_SIZE", "16384");
  }

  /** Writes the PyTorch test model into {@code dir} in a JVM without the agent. */
  static void preparePyTorch(Path dir) {
    ForkedJvm.Result result = plain(ForkedJvm.java17(), PYTORCH).args("prepare-pytorch", dir.toString()).run().assertSuccess();
    assertTrue(result.stdout().contains("saved=linear_relu-0000.params"), result.stdout());
  }

  /** The {@code key=value} lines an app printed; the last one wins. */
  static Map<String, String> values(ForkedJvm.Result result) {
    Map<String, String> values = new HashMap<>();
    result.stdout().lines().filter(l -> l.indexOf('=') > 0).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }

  static float[] floats(String joined) {
    String[] parts = joined.split(",");
    float[] values = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      values[i] = Float.parseFloat(parts[i]);
    }
    return values;
  }

  static List<ReceivedSpan> djlSpans(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> FRAMEWORK.equals(s.attr("ml.framework"))).toList();
  }

  static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name, String framework) {
    return spans.stream().filter(s -> s.name().equals(name) && framework.equals(s.attr("ml.framework"))).toList();
  }

  static ReceivedSpan only(List<ReceivedSpan> spans, String name, String framework, List<ReceivedSpan> all) {
    List<ReceivedSpan> matching = named(spans, name, framework);
    assertEquals(1, matching.size(), () -> "spans named '" + name + "' with ml.framework=" + framework + "; all spans: " + describe(all));
    return matching.get(0);
  }

  static String describe(List<ReceivedSpan> spans) {
    StringBuilder out = new StringBuilder();
    for (ReceivedSpan s : spans.size() > 40 ? spans.subList(0, 40) : spans) {
      out.append("\n  ").append(s.name()).append(" id=").append(s.spanId()).append(" parent=").append(s.parentSpanId())
          .append(" status=").append(s.statusCode()).append(' ').append(s.attributes());
    }
    if (spans.size() > 40) {
      out.append("\n  ... ").append(spans.size() - 40).append(" more");
    }
    return spans.isEmpty() ? "(none)" : out.toString();
  }

  /** The attributes every DJL inference span and metric point carries. */
  static Map<String, Object> baseAttributes(String operation, String engine, String model) {
    return Map.of("ml.operation", operation, "ml.framework", FRAMEWORK, "ml.engine", engine, "ml.model.name", model, "ml.device", "cpu");
  }

  /** A successful DJL predict or batch_predict span, with the phase split. */
  static void assertInferenceSpan(ReceivedSpan span, String operation, String engine, String model, long batchSize, String translator) {
    assertEquals("INTERNAL", span.kind(), span::toString);
    assertEquals(operation + " " + model, span.name());
    baseAttributes(operation, engine, model).forEach((key, value) -> assertEquals(value, span.attributes().get(key), () -> key + " of " + span));
    assertEquals(batchSize, span.longAttr("ml.batch.size"), span::toString);
    assertEquals(translator, span.attr("ml.djl.translator"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertFalse(span.attributes().containsKey("error.type"), span::toString);
    double durationSeconds = (span.endEpochNanos() - span.startEpochNanos()) / 1e9;
    double phases = 0;
    for (String phase : PHASES) {
      String key = "ml.djl." + phase + ".duration";
      Object value = span.attributes().get(key);
      assertInstanceOf(Double.class, value, () -> key + " must be a double attribute: " + span);
      assertTrue((Double) value > 0, () -> key + " must be > 0: " + span);
      phases += (Double) value;
    }
    double sum = phases;
    assertTrue(sum <= durationSeconds + 0.001, () -> "the phases (" + sum + " s) fit in the span (" + durationSeconds + " s): " + span);
  }

  /** The DJL load span of a model that loaded. */
  static void assertLoadSpan(ReceivedSpan load, String engine, String model, Path dir) {
    assertEquals("load " + model, load.name());
    assertEquals("INTERNAL", load.kind(), load::toString);
    assertEquals("load", load.attr("ml.operation"), load::toString);
    assertEquals(FRAMEWORK, load.attr("ml.framework"), load::toString);
    assertEquals(engine, load.attr("ml.engine"), load::toString);
    assertEquals(model, load.attr("ml.model.name"), load::toString);
    assertEquals("cpu", load.attr("ml.device"), load::toString);
    String location = load.attr("ml.model.location");
    assertTrue(location != null && location.contains(dir.toString()), () -> "ml.model.location names " + dir + ": " + load);
    assertEquals("UNSET", load.statusCode(), load::toString);
    assertFalse(load.attributes().containsKey("error.type"), load::toString);
    assertTrue(load.endEpochNanos() > load.startEpochNanos(), load::toString);
  }

  /** The one DJL load span of a load that failed with {@code exceptionClass}. */
  static ReceivedSpan assertFailedLoad(List<ReceivedSpan> spans, String criteriaModelName, String exceptionClass) {
    List<ReceivedSpan> djl = djlSpans(spans);
    List<ReceivedSpan> loads = djl.stream().filter(s -> s.name().startsWith("load ")).toList();
    assertEquals(1, loads.size(), () -> "one DJL load span; all spans: " + describe(spans));
    assertEquals(1, djl.size(), () -> "nothing but the load span from DJL: " + describe(spans));
    ReceivedSpan load = loads.get(0);
    assertTrue(load.name().equals("load " + criteriaModelName) || load.name().equals("load unknown"), load::toString);
    assertEquals("INTERNAL", load.kind(), load::toString);
    assertEquals("load", load.attr("ml.operation"), load::toString);
    assertEquals("ERROR", load.statusCode(), load::toString);
    assertEquals(exceptionClass, load.attr("error.type"), load::toString);
    assertEquals(List.of(exceptionClass), load.events().stream().filter(e -> e.name().equals("exception"))
        .map(e -> e.attributes().get("exception.type")).toList(), () -> "one exception event: " + load);
    return load;
  }

  /**
   * The latest (cumulative) point of each series of histogram {@code name} whose attributes include all
   * of {@code attributes}.
   */
  static List<ReceivedMetric> series(OtlpReceiver receiver, String name, Map<String, Object> attributes) {
    List<ReceivedMetric> points = receiver.metrics().stream()
        .filter(m -> m.name().equals(name))
        .filter(m -> m.attributes().entrySet().containsAll(attributes.entrySet()))
        .toList();
    Map<Map<String, Object>, ReceivedMetric> latest = new HashMap<>();
    points.forEach(p -> latest.put(p.attributes(), p));
    return List.copyOf(latest.values());
  }

  /** The one series of histogram {@code name} with exactly {@code attributes}. */
  static ReceivedMetric histogram(OtlpReceiver receiver, String name, Map<String, Object> attributes) {
    List<ReceivedMetric> matching = series(receiver, name, attributes);
    assertEquals(1, matching.size(), () -> "one series of " + name + " with " + attributes + "; got " + receiver.metrics().stream()
        .filter(m -> m.name().equals(name)).map(ReceivedMetric::attributes).distinct().toList()
        + " (metrics received: " + receiver.metrics().stream().map(ReceivedMetric::name).distinct().toList() + ")");
    ReceivedMetric point = matching.get(0);
    assertEquals(attributes, point.attributes(), () -> name + " carries exactly the documented attributes");
    assertEquals("HISTOGRAM", point.type(), point::toString);
    return point;
  }

  /** Inference, batch size and phase metrics of {@code calls} successful calls of one operation. */
  static void assertInferenceMetrics(OtlpReceiver receiver, String operation, String engine, String model, long calls, long batchSize) {
    Map<String, Object> base = baseAttributes(operation, engine, model);
    ReceivedMetric duration = histogram(receiver, "ml.inference.duration", base);
    assertEquals("s", duration.unit());
    assertEquals(calls, duration.count(), duration::toString);
    ReceivedMetric batch = histogram(receiver, "ml.inference.batch.size", base);
    assertEquals(calls, batch.count(), batch::toString);
    assertEquals(calls * batchSize, batch.sum(), 1e-9, batch::toString);
    for (String phase : PHASES) {
      Map<String, Object> withPhase = new HashMap<>(base);
      withPhase.put("ml.djl.phase", phase);
      ReceivedMetric point = histogram(receiver, "ml.djl.phase.duration", withPhase);
      assertEquals("s", point.unit(), point::toString);
      assertEquals(duration.explicitBounds(), point.explicitBounds(), "the phases have ml.inference.duration's buckets");
      assertEquals(calls, point.count(), point::toString);
      assertTrue(point.sum() > 0, point::toString);
    }
  }

  static void assertLoadMetric(OtlpReceiver receiver, String engine) {
    List<ReceivedMetric> loads = series(receiver, "ml.model.load.duration", Map.of("ml.framework", FRAMEWORK, "ml.engine", engine));
    assertEquals(1, loads.size(), () -> "ml.model.load.duration series for djl: " + loads + "; metrics: "
        + receiver.metrics().stream().map(ReceivedMetric::name).distinct().toList());
    assertEquals(1, loads.get(0).count(), () -> loads.get(0).toString());
    assertEquals("load", loads.get(0).attr("ml.operation"));
  }

  /** What the app printed for the predict mode: the right outputs. */
  static void assertPredictOutput(ForkedJvm.Result result, String engine) {
    Map<String, String> values = values(result);
    assertEquals(engine, values.get("engine"), result.stdout());
    assertArrayEquals(EXPECTED_PREDICT, floats(values.get("output")), result.stdout());
  }

  static void assertBatchOutput(ForkedJvm.Result result, String engine) {
    Map<String, String> values = values(result);
    assertEquals(engine, values.get("engine"), result.stdout());
    assertEquals("3", values.get("outputs"), result.stdout());
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(EXPECTED_BATCH_3[i], floats(values.get("output." + i)), result.stdout());
    }
  }

  private static void assertArrayEquals(float[] expected, float[] actual, String context) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, 1e-6f, context);
  }
}
