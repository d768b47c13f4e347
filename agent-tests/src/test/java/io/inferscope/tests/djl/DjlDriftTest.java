package io.inferscope.tests.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drift of a DJL classifier by class name: DjlClassifyApp returns {@code Classifications} (setosa,
 * versicolor, virginica) from a real ONNX model on DJL's ONNX Runtime engine, 3000 predictions from a stable
 * distribution, then 3000 after the first feature moved. Windows of 200 (one prediction in 10 inspected,
 * the default, gives 300 observations a phase).
 */
class DjlDriftTest {
  private static final String OUTPUT = "classifications";

  @TempDir Path dir;

  @Test
  void classNamesAreCountedAndAShiftInTheirMixIsFlaggedOnce() {
    OnnxModels.classifier(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(DjlRuns.ORT, receiver)
          .mainClass("io.inferscope.tests.apps.DjlClassifyApp")
          .sysProp("inferscope.drift.reference.size", "200").sysProp("inferscope.drift.window.size", "200")
          .env("OTEL_TRACES_EXPORTER", "none")
          .args(dir.toString(), "3000", "3000", "2500").run().assertSuccess();
      assertTrue(result.stdout().contains("phase=shifted"), result.stdout());
      List<ReceivedMetric> metrics = receiver.metrics();

      Set<String> classes = metrics.stream().filter(m -> m.name().equals("ml.prediction.class") && OUTPUT.equals(m.attr("ml.output.name")))
          .map(m -> m.attr("ml.prediction.class")).collect(Collectors.toSet());
      assertEquals(Set.of("setosa", "versicolor", "virginica"), classes);

      List<Double> psi = metrics.stream().filter(m -> m.name().equals("ml.prediction.drift") && OUTPUT.equals(m.attr("ml.output.name"))
          && "classifier".equals(m.attr("ml.model.name"))).map(ReceivedMetric::value).toList();
      assertFalse(psi.isEmpty(), () -> metrics.stream().map(ReceivedMetric::name).collect(Collectors.toSet()).toString());
      assertTrue(psi.get(0) < 0.1, () -> "stable: " + psi);
      assertTrue(psi.get(psi.size() - 1) > 0.2, () -> "shifted: " + psi);
      assertEquals(1, result.stderr().lines().filter(l -> l.contains("model classifier output " + OUTPUT + " drifted")).count(), result::stderr);

      List<ReceivedMetric> counts = metrics.stream().filter(m -> m.name().equals("inferscope.anomaly.count")
          && "djl".equals(m.attr("inferscope.anomaly.system")) && "output_drift".equals(m.attr("inferscope.anomaly.reason"))).toList();
      assertFalse(counts.isEmpty(), "the flag is counted under the DJL model's key");
      assertEquals(1.0, counts.get(counts.size() - 1).value());
      assertTrue(metrics.stream().anyMatch(m -> m.name().equals("ml.prediction.score") && OUTPUT.equals(m.attr("ml.output.name")) && m.count() > 0),
          "top probabilities in the score histogram");
    }
  }
}
