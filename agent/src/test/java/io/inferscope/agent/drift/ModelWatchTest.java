package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How a model's tensors are watched, decided from each name's first tensor, and what a flag then shows. */
class ModelWatchTest {
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
  private final DriftSettings settings = DriftSettings.defaults().withWindows(20, 20).withEvaluateEvery(10);
  private final DriftMonitor monitor = new DriftMonitor(sdk, "test", settings, List.of());
  private final ModelWatch watch = new ModelWatch(monitor, new AnomalyKey("onnxruntime", "m", "predict", false));

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void eachTensorShapeIsWatchedAsItsKind() {
    watch.floats(false, "probs", new long[] {2, 3}, FloatBuffer.wrap(new float[] {0.1f, 0.7f, 0.2f, 0.9f, 0.05f, 0.05f}));
    watch.floats(false, "value", new long[] {2}, FloatBuffer.wrap(new float[] {1.5f, 2.5f}));
    watch.floats(false, "column", new long[] {2, 1}, FloatBuffer.wrap(new float[] {1.5f, 2.5f}));
    watch.longs("label", new long[] {3}, LongBuffer.wrap(new long[] {2, 2, 0}));
    watch.floats(true, "X", new long[] {2, 4}, FloatBuffer.wrap(new float[8]));
    watch.floats(false, "image", new long[] {1, 3, 2, 2}, FloatBuffer.wrap(new float[12]));
    watch.floats(true, "sequence", new long[] {5}, FloatBuffer.wrap(new float[5]));
    watch.longs("tokens", new long[] {1, 7}, LongBuffer.wrap(new long[7]));
    Map<String, String> kinds = new TreeMap<>();
    monitor.metrics().summaries().forEach(s -> kinds.put(s.name(), s.getClass().getSimpleName()));
    assertEquals(Map.of("probs", "ClassOutputSummary", "value", "ScalarOutputSummary", "column", "ScalarOutputSummary",
        "label", "ClassOutputSummary", "X", "TabularInputSummary"), kinds, "images, 1-D inputs and token ids are not watched");
    assertEquals(Map.of("0", 1L, "1", 1L), classCounts("probs"), "argmax per row");
    assertEquals(Map.of("2", 2L, "0", 1L), classCounts("label"), "labels by index");
  }

  @Test
  void aLaterTensorOfAnotherRankOrTooLittleDataIsSkippedNotReinterpreted() {
    watch.floats(false, "y", new long[] {2, 3}, FloatBuffer.wrap(new float[6]));
    watch.floats(false, "y", new long[] {4}, FloatBuffer.wrap(new float[4]));
    watch.floats(false, "y", new long[] {4, 3}, FloatBuffer.wrap(new float[6]));
    watch.floats(false, "y", new long[] {-1, 3}, FloatBuffer.wrap(new float[6]));
    DriftSummary y = only("y");
    assertEquals(2, y.observations(), "only the first tensor's two rows");
  }

  @Test
  void aBufferLongerThanTheTensorIsReadOnlyAsFarAsTheShapeSays() {
    FloatBuffer data = FloatBuffer.wrap(new float[] {0, 1, 1, 0, 9, 9, 9, 9});
    watch.floats(false, "p", new long[] {2, 2}, data);
    assertEquals(2, only("p").observations());
    assertEquals(0, data.position(), "the application's buffer is not moved");
  }

  /** Shapes a broken or hostile model can declare: nothing throws, nothing is read past the data, nothing huge is made. */
  @Test
  void impossibleShapesAreSkippedQuietly() {
    watch.floats(false, "empty", new long[] {0, 3}, FloatBuffer.wrap(new float[0]));
    watch.floats(false, "noclasses", new long[] {4, 0}, FloatBuffer.wrap(new float[0]));
    watch.floats(true, "nofeatures", new long[] {4, 0}, FloatBuffer.wrap(new float[0]));
    watch.floats(false, "huge", new long[] {1L << 40, 1L << 40}, FloatBuffer.wrap(new float[8]));
    watch.floats(true, "wide", new long[] {1, Integer.MAX_VALUE + 1L}, FloatBuffer.wrap(new float[8]));
    watch.floats(false, "negative", new long[] {-1}, FloatBuffer.wrap(new float[8]));
    watch.longs("labels", new long[] {3}, LongBuffer.wrap(new long[] {-5, Long.MAX_VALUE, 1L << 40}));
    Map<String, Long> observed = new TreeMap<>();
    monitor.metrics().summaries().forEach(s -> observed.put(s.name(), s.observations()));
    assertEquals(Map.of("empty", 0L, "huge", 0L, "negative", 0L, "labels", 3L), observed,
        "no summary for a row without classes or an input without features; nothing read where the data is short");
    assertEquals(Map.of("_OTHER", 3L), classCounts("labels"), "labels no class index can be are _OTHER");
  }

  @Test
  void namedClassesComeFromClassifications() {
    watch.classified("classifications", List.of("cat", "dog"), List.of(0.2, 0.8));
    watch.classified("classifications", List.of("cat", "dog"), List.of(0.6, 0.4));
    assertEquals(Map.of("cat", 1L, "dog", 1L), classCounts("classifications"));
  }

  @Test
  void aShiftShowsOnTheWatchWhileItLastsAndIsCountedUnderTheModelsKey() {
    assertTrue(Double.isNaN(watch.driftingPsi()));
    for (int i = 0; i < 40; i++) {
      watch.floats(false, "probs", new long[] {1, 2}, FloatBuffer.wrap(i % 2 == 0 ? new float[] {1, 0} : new float[] {0, 1}));
    }
    assertTrue(Double.isNaN(watch.driftingPsi()), "stable: nothing to show");
    for (int i = 0; i < 20; i++) {
      watch.floats(false, "probs", new long[] {1, 2}, FloatBuffer.wrap(new float[] {1, 0}));
    }
    double psi = watch.driftingPsi();
    assertTrue(psi > 0.2, "flagged: " + psi);
    MetricData count = reader.collectAllMetrics().stream().filter(m -> m.getName().equals("inferscope.anomaly.count")).findFirst().orElseThrow();
    LongPointData point = count.getLongSumData().getPoints().iterator().next();
    assertEquals(1, point.getValue());
    assertEquals("output_drift", point.getAttributes().get(AttributeKey.stringKey("inferscope.anomaly.reason")));
    assertEquals("m", point.getAttributes().get(AttributeKey.stringKey("inferscope.anomaly.model")));
    assertEquals("onnxruntime", point.getAttributes().get(AttributeKey.stringKey("inferscope.anomaly.system")));
  }

  @Test
  void namesPerModelAreCapped() {
    for (int i = 0; i < ModelWatch.MAX_NAMES + 10; i++) {
      watch.floats(false, "out" + i, new long[] {1}, FloatBuffer.wrap(new float[] {1}));
    }
    assertEquals(ModelWatch.MAX_NAMES, monitor.metrics().summaries().size());
  }

  private DriftSummary only(String name) {
    List<DriftSummary> found = monitor.metrics().summaries().stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, found.size(), found::toString);
    return found.get(0);
  }

  private Map<String, Long> classCounts(String name) {
    return ((ClassOutputSummary) only(name)).classCounts().stream()
        .collect(Collectors.toMap(ClassOutputSummary.ClassCount::label, ClassOutputSummary.ClassCount::count));
  }
}
