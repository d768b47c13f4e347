package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.config.AgentConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The inferscope.drift.* settings and a saved reference pinned onto the outputs it names. */
class DriftMonitorTest {
  @TempDir Path dir;

  private static DriftSettings settings(Map<String, String> properties) {
    return DriftMonitor.settingsFrom(AgentConfig.of(properties, Map.of()));
  }

  @Test
  void defaultsAndOverrides() {
    assertEquals(DriftSettings.defaults(), settings(Map.of()));
    DriftSettings set = settings(Map.of("inferscope.drift.sample.one-in", "1", "inferscope.drift.reference.size", "500",
        "inferscope.drift.window.size", "300", "inferscope.drift.threshold", "0.25", "inferscope.drift.max.classes", "20",
        "inferscope.drift.tensor.max.elements", "100", "inferscope.drift.tensor.max.rows", "4", "inferscope.drift.input.max.features", "8"));
    assertEquals(1, set.sampleOneIn());
    assertEquals(500, set.referenceSize());
    assertEquals(300, set.currentSize());
    assertEquals(0.25, set.driftThreshold());
    assertEquals(0.125, set.rearmBelow(), "re-arms at half the threshold");
    assertEquals(20, set.maxClasses());
    assertEquals(100, set.maxElementsPerTensor());
    assertEquals(4, set.maxRowsPerTensor());
    assertEquals(8, set.maxFeatures());
  }

  @Test
  void offSwitches() {
    assertNull(settings(Map.of("inferscope.drift.enabled", "false")));
    assertNull(settings(Map.of("inferscope.drift.sample.one-in", "0")));
  }

  @Test
  void aBadValueKeepsTheDefault() {
    DriftSettings set = settings(Map.of("inferscope.drift.threshold", "high", "inferscope.drift.window.size", "5"));
    assertEquals(0.2, set.driftThreshold());
    assertEquals(1000, set.currentSize(), "windows under 10 observations are refused");
  }

  @Test
  void aSavedReferenceIsPinnedOntoTheOutputItNames() throws Exception {
    ReferenceSummary saved = ReferenceSummary.classes("m", "probs", List.of("0", "1"), new long[] {90, 10});
    Path file = dir.resolve("ref.txt");
    ReferenceFile.write(file, List.of(saved));
    DriftSettings settings = DriftSettings.defaults();
    List<ReferenceSummary> read = DriftMonitor.savedReference(file.toString(), settings);
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().build()) {
      DriftMonitor monitor = new DriftMonitor(sdk, "test", settings, read);
      ClassOutputSummary probs = monitor.metrics().classOutput(new AnomalyKey("onnxruntime", "m", "predict", false), "probs");
      assertEquals(saved, probs.referenceSnapshot(), "judged against the saved reference from the start");
      ClassOutputSummary other = monitor.metrics().classOutput(new AnomalyKey("onnxruntime", "m", "predict", false), "other");
      assertNull(other.referenceSnapshot(), "an output the file does not name fills its own");
    }
  }

  @Test
  void anUnreadableReferenceIsReportedAndNotUsed() throws Exception {
    Path file = dir.resolve("bad.txt");
    Files.writeString(file, "not a reference\n");
    assertTrue(DriftMonitor.savedReference(file.toString(), DriftSettings.defaults()).isEmpty());
    assertTrue(DriftMonitor.savedReference(dir.resolve("missing.txt").toString(), DriftSettings.defaults()).isEmpty());
  }

  /**
   * A flag raised by the evaluation at collection (no inference thread evaluated since the shift) is counted
   * in that same collection, whichever callback the SDK runs first: at the last collection before exit it
   * would otherwise never be counted.
   */
  @Test
  void aFlagRaisedAtCollectionIsCountedInThatCollection() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build()) {
      DriftSettings settings = DriftSettings.defaults().withWindows(10, 10).withEvaluateEvery(1_000_000);
      DriftMonitor monitor = new DriftMonitor(sdk, "test", settings, List.of());
      ClassOutputSummary probs = monitor.metrics().classOutput(new AnomalyKey("onnxruntime", "m", "predict", false), "probs");
      for (int i = 0; i < 10; i++) {
        probs.observeClass(0, Double.NaN);
      }
      for (int i = 0; i < 10; i++) {
        probs.observeClass(1, Double.NaN);
      }
      assertEquals(0, probs.flags(), "nothing evaluated yet");
      long counted = reader.collectAllMetrics().stream().filter(m -> m.getName().equals("inferscope.anomaly.count"))
          .flatMap(m -> m.getLongSumData().getPoints().stream()).mapToLong(p -> p.getValue()).sum();
      assertEquals(1, counted);
    }
  }
}
