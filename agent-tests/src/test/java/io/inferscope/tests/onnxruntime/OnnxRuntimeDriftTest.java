package io.inferscope.tests.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.cli.AgentJarCommandTest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Drift on a real ONNX model, with the drift settings at their defaults (one prediction in 10 inspected,
 * windows of 1000): {@code classifier.onnx} scores 1500 batches of 16 rows from a stable distribution, then,
 * after a pause longer than the metric export interval, 1500 batches whose first feature moved up by 3
 * standard deviations, then pauses again. Its three outputs (class probabilities, an int64 label, a float
 * confidence) and its input are each watched: while stable every PSI is below 0.1; after the shift every
 * output and the moved feature read above 0.2 and are flagged exactly once (one log line, one count each),
 * the other features stay stable, and predict spans carry {@code inferscope.drift.psi} once flagged.
 */
class OnnxRuntimeDriftTest {
  private static final String MODEL = "classifier";
  private static final List<String> OUTPUTS = List.of("probs", "label", "confidence");

  @TempDir Path dir;

  private ForkedJvm app(ForkedJvm jvm, OtlpReceiver receiver, int stableCalls, int shiftedCalls) {
    Path model = OnnxModels.classifier(dir);
    return AgentApps.exportingTo(jvm.classpathFromTest("onnxruntime"), receiver, AgentApps.HTTP)
        // 3000 predict spans would crowd the export queue; a twentieth of them is plenty to see the attribute.
        .env("OTEL_TRACES_SAMPLER", "traceidratio").env("OTEL_TRACES_SAMPLER_ARG", "0.05")
        .mainClass("io.inferscope.tests.apps.OrtDriftApp")
        .args(model.toString(), Integer.toString(stableCalls), Integer.toString(shiftedCalls), "16", "2500");
  }

  @ParameterizedTest
  @ValueSource(strings = {"java17", "java25", "extension"})
  void aShiftInInputsAndOutputsIsFlaggedOnceWhereStableTrafficIsNot(String setup) {
    ForkedJvm jvm = switch (setup) {
      case "java25" -> ForkedJvm.java25().withAgent();
      case "extension" -> ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
      default -> ForkedJvm.java17().withAgent();
    };
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(jvm, receiver, 1500, 1500).run().assertSuccess();
      assertTrue(result.stdout().contains("phase=shifted"), result.stdout());
      assertTrue(result.stderr().contains("drift on (one prediction in 10)"), result.stderr());
      List<ReceivedMetric> metrics = receiver.metrics();

      for (String output : OUTPUTS) {
        List<Double> psi = driftValues(metrics, Map.of("ml.output.name", output));
        assertFalse(psi.isEmpty(), () -> "no drift gauge for " + output + ": " + names(metrics));
        // The first export comes at the latest during the pause after the stable phase.
        assertTrue(psi.get(0) < 0.1, () -> output + " stable: " + psi);
        assertTrue(psi.get(psi.size() - 1) > 0.2, () -> output + " after the shift: " + psi);
        assertEquals(1, count(result.stderr(), "model " + MODEL + " output " + output + " drifted"), result::stderr);
      }
      List<Double> moved = driftValues(metrics, Map.of("ml.input.name", "X", "ml.input.feature.index", 0L));
      assertTrue(moved.get(0) < 0.1 && moved.get(moved.size() - 1) > 0.2, () -> "feature 0: " + moved);
      for (long feature = 1; feature < 4; feature++) {
        long f = feature;
        List<Double> still = driftValues(metrics, Map.of("ml.input.name", "X", "ml.input.feature.index", f));
        assertTrue(still.stream().allMatch(v -> v < 0.1), () -> "feature " + f + " never moved: " + still);
      }
      assertEquals(1, count(result.stderr(), "model " + MODEL + " input X drifted"), result::stderr);
      assertTrue(result.stderr().contains("most drifted features: [0] "), result::stderr);

      assertEquals(3.0, lastCount(metrics, "output_drift"), "one flag per output");
      assertEquals(1.0, lastCount(metrics, "input_drift"), "one flag for the input");

      Set<String> labels = metrics.stream().filter(m -> m.name().equals("ml.prediction.class") && "label".equals(m.attr("ml.output.name")))
          .map(m -> m.attr("ml.prediction.class")).collect(Collectors.toSet());
      assertEquals(Set.of("0", "1", "2"), labels, "classes by index");
      assertTrue(metrics.stream().anyMatch(m -> m.name().equals("ml.prediction.score") && "confidence".equals(m.attr("ml.output.name"))
          && m.count() > 0), "confidence values in the score histogram");

      List<ReceivedSpan> predicts = receiver.spans().stream().filter(s -> s.name().equals("predict " + MODEL)).toList();
      List<ReceivedSpan> marked = predicts.stream().filter(s -> s.attributes().containsKey("inferscope.drift.psi")).toList();
      assertFalse(marked.isEmpty(), () -> "spans while drifting carry the PSI: " + predicts.size() + " spans");
      assertTrue(marked.size() < predicts.size(), "spans before the shift do not");
      long firstMarked = marked.stream().mapToLong(ReceivedSpan::startEpochNanos).min().orElseThrow();
      assertTrue(predicts.stream().filter(s -> s.startEpochNanos() > firstMarked).allMatch(s -> s.attributes().containsKey("inferscope.drift.psi")),
          "every span after the flag carries it while the drift lasts");
      assertTrue(marked.stream().allMatch(s -> ((Number) s.attributes().get("inferscope.drift.psi")).doubleValue() > 0.1), marked::toString);
    }
  }

  /**
   * Stable traffic: never flagged, nothing counted. The windows saved at exit (inferscope.drift.snapshot.file)
   * hold every watched output and feature, and {@code drift compare} of the two reads them all stable.
   */
  @Test
  void stableTrafficIsNeverFlaggedAndItsSavedWindowsCompareStable() throws Exception {
    Path snapshot = dir.resolve("drift.txt");
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(ForkedJvm.java17().withAgent().env("INFERSCOPE_DRIFT_SNAPSHOT_FILE", snapshot.toString()),
          receiver, 3000, 0).run().assertSuccess();
      List<ReceivedMetric> metrics = receiver.metrics();
      List<Double> psi = driftValues(metrics, Map.of("ml.output.name", "probs"));
      assertFalse(psi.isEmpty(), () -> names(metrics).toString());
      assertTrue(psi.stream().allMatch(v -> v < 0.1), psi::toString);
      assertFalse(result.stderr().contains("drifted"), result.stderr());
      assertTrue(metrics.stream().noneMatch(m -> m.name().equals("inferscope.anomaly.count")), "nothing flagged, nothing counted");
    }
    String saved = Files.readString(snapshot);
    for (String block : List.of("class,classifier,probs", "class,classifier,label", "scalar,classifier,confidence", "feature,classifier,X,3")) {
      assertTrue(saved.contains(block), () -> block + " in " + saved);
    }
    AgentJarCommandTest.Output compared = AgentJarCommandTest.run("drift", "compare", snapshot.toString(), dir.resolve("drift.current.txt").toString());
    assertEquals(0, compared.exitCode(), compared.stdout() + compared.stderr());
    assertTrue(compared.stdout().contains("7 compared: 7 stable"), compared.stdout());
  }

  @Test
  void theOffSwitchWatchesNothing() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(ForkedJvm.java17().withAgent().env("INFERSCOPE_DRIFT_ENABLED", "false"), receiver, 300, 300)
          .run().assertSuccess();
      assertTrue(result.stderr().contains("; drift off (inferscope.drift.enabled=false"), result.stderr());
      Set<String> names = names(receiver.metrics());
      assertTrue(names.contains("ml.inference.duration"), names::toString);
      assertTrue(names.stream().noneMatch(n -> n.startsWith("ml.prediction.")), names::toString);
    }
  }

  /** ml.prediction.drift values of the classifier's series with these attributes, in the order they arrived. */
  private static List<Double> driftValues(List<ReceivedMetric> metrics, Map<String, Object> attributes) {
    return metrics.stream()
        .filter(m -> m.name().equals("ml.prediction.drift") && MODEL.equals(m.attr("ml.model.name")))
        .filter(m -> attributes.entrySet().stream().allMatch(e -> Objects.equals(e.getValue(), m.attributes().get(e.getKey()))
            || Objects.equals(String.valueOf(e.getValue()), m.attr(e.getKey()))))
        .map(ReceivedMetric::value).toList();
  }

  private static double lastCount(List<ReceivedMetric> metrics, String reason) {
    List<ReceivedMetric> points = metrics.stream().filter(m -> m.name().equals("inferscope.anomaly.count")
        && MODEL.equals(m.attr("inferscope.anomaly.model")) && reason.equals(m.attr("inferscope.anomaly.reason"))).toList();
    assertFalse(points.isEmpty(), () -> "no " + reason + " count in " + names(metrics));
    ReceivedMetric last = points.get(points.size() - 1);
    assertEquals("onnxruntime", last.attr("inferscope.anomaly.system"), last::toString);
    assertEquals("predict", last.attr("inferscope.anomaly.operation"), last::toString);
    return last.value();
  }

  private static long count(String text, String needle) {
    return text.lines().filter(l -> l.contains(needle)).count();
  }

  private static Set<String> names(List<ReceivedMetric> metrics) {
    return metrics.stream().map(ReceivedMetric::name).collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
