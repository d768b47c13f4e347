package io.inferscope.agent.drift;

import io.inferscope.agent.anomaly.AnomalyKey;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The drift metrics on the real SDK: names, kinds, attributes and values as a collection reads them. */
class DriftMetricsTest {
  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("ml.model.name");
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final DriftSettings settings = DriftSettings.defaults().withWindows(10, 10).withEvaluateEvery(1000);
  private final DriftMetrics metrics = new DriftMetrics(provider.get("test"), settings, null);

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void driftGaugeAppearsOnceTheReferenceIsCompleteAndIsComputedAtCollection() {
    ClassOutputSummary probs = metrics.classOutput(owner("resnet"), "probs");
    assertSame(probs, metrics.classOutput(owner("resnet"), "probs"), "one summary per model and output");
    for (int i = 0; i < 10; i++) {
      probs.observeRow(new float[] {0.9f, 0.1f}, 0, 2);
    }
    Collection<MetricData> first = reader.collectAllMetrics();
    MetricData drift = metric(first, "ml.prediction.drift");
    DoublePointData point = drift.getDoubleGaugeData().getPoints().iterator().next();
    assertEquals(0.0, point.getValue());
    assertEquals(Map.of("ml.model.name", "resnet", "ml.output.name", "probs"), asMap(point.getAttributes()));
    for (int i = 0; i < 10; i++) {
      probs.observeRow(new float[] {0.1f, 0.9f}, 0, 2);
    }
    // evaluateEvery is 1000: no observation computed PSI since the first collection; the next collection does
    assertEquals(0.0, probs.lastPsi());
    double psi = metric(reader.collectAllMetrics(), "ml.prediction.drift").getDoubleGaugeData().getPoints().iterator().next().getValue();
    assertEquals(Psi.of(new double[] {1, 0}, new double[] {0, 1}), psi, 1e-12);
    assertEquals(psi, probs.lastPsi());
    assertTrue(probs.drifting());
  }

  @Test
  void noDriftPointWhileTheReferenceIsFilling() {
    metrics.scalarOutput(owner("price"), "y").observe(3);
    assertTrue(reader.collectAllMetrics().stream().noneMatch(m -> m.getName().equals("ml.prediction.drift")
        && !m.getDoubleGaugeData().getPoints().isEmpty()));
  }

  @Test
  void classCounterCountsInspectedPredictionsPerClassWithOverflowAsOther() {
    DriftMetrics capped = new DriftMetrics(provider.get("capped"), settings.withMaxClasses(2), null);
    ClassOutputSummary probs = capped.classOutput(owner("resnet"), "probs");
    for (int hot : new int[] {4, 4, 1, 7, 9}) {
      float[] row = new float[10];
      row[hot] = 1;
      probs.observeRow(row, 0, 10);
    }
    ClassOutputSummary named = capped.namedClassOutput(owner("bert"), "label");
    named.observeNamed(List.of("positive", "negative"), List.of(0.3, 0.7));
    MetricData counter = reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals("ml.prediction.class") && m.getInstrumentationScopeInfo().getName().equals("capped"))
        .findFirst().orElseThrow();
    assertTrue(counter.getLongSumData().isMonotonic());
    assertEquals("{prediction}", counter.getUnit());
    Map<String, Long> byClass = new HashMap<>();
    for (LongPointData p : counter.getLongSumData().getPoints()) {
      byClass.put(p.getAttributes().get(MODEL) + ":" + p.getAttributes().get(DriftMetrics.PREDICTION_CLASS), p.getValue());
      assertNotNull(p.getAttributes().get(DriftMetrics.OUTPUT_NAME));
    }
    assertEquals(Map.of("resnet:4", 2L, "resnet:1", 1L, "resnet:_OTHER", 2L, "bert:negative", 1L), byClass);
  }

  @Test
  void scoreHistogramRecordsTopScoresAndScalarValues() {
    metrics.classOutput(owner("resnet"), "probs").observeRow(new float[] {0.2f, 0.8f}, 0, 2);
    metrics.scalarOutput(owner("price"), "y").observe(0.5);
    metrics.scalarOutput(owner("price"), "y").observe(Double.NaN); // no NaN in a histogram
    MetricData scores = metric(reader.collectAllMetrics(), "ml.prediction.score");
    Map<String, HistogramPointData> byModel = scores.getHistogramData().getPoints().stream()
        .collect(Collectors.toMap(p -> p.getAttributes().get(MODEL), p -> p));
    assertEquals(1, byModel.get("resnet").getCount());
    assertEquals(0.8, byModel.get("resnet").getSum(), 1e-6);
    assertEquals(1, byModel.get("price").getCount());
    assertEquals(DriftMetrics.SCORE_BUCKETS, byModel.get("price").getBoundaries());
  }

  @Test
  void anUnscoredScalarOutputIsWatchedForDriftButKeptOutOfTheScoreHistogram() {
    ScalarOutputSummary tokens = metrics.scalarOutput(owner("llm"), "tokens", false);
    assertSame(tokens, metrics.scalarOutput(owner("llm"), "tokens", false));
    for (int i = 0; i < 10; i++) {
      tokens.observe(100 + i);
    }
    Collection<MetricData> all = reader.collectAllMetrics();
    assertTrue(all.stream().noneMatch(m -> m.getName().equals("ml.prediction.score")), all::toString);
    DoublePointData drift = metric(all, "ml.prediction.drift").getDoubleGaugeData().getPoints().iterator().next();
    assertEquals(Map.of("ml.model.name", "llm", "ml.output.name", "tokens"), asMap(drift.getAttributes()));
    assertEquals(0.0, drift.getValue(), "the current window is the reference");
  }

  @Test
  void inputDriftIsReportedPerWatchedFeature() {
    TabularInputSummary input = metrics.tabularInput(owner("churn"), "features", 40);
    assertEquals(32, input.watchedFeatures());
    float[] row = new float[40];
    for (int i = 0; i < 10; i++) {
      for (int f = 0; f < row.length; f++) {
        row[f] = i + f;
      }
      input.observeRow(row, 0, row.length);
    }
    MetricData drift = metric(reader.collectAllMetrics(), "ml.prediction.drift");
    assertEquals(32, drift.getDoubleGaugeData().getPoints().size());
    DoublePointData one = drift.getDoubleGaugeData().getPoints().stream()
        .filter(p -> p.getAttributes().get(DriftMetrics.FEATURE_INDEX) == 31L).findFirst().orElseThrow();
    assertEquals(Map.of("ml.model.name", "churn", "ml.input.name", "features", "ml.input.feature.index", 31L),
        asMap(one.getAttributes()));
  }

  @Test
  void summariesAreBounded() {
    for (int i = 0; i < DriftMetrics.MAX_SUMMARIES; i++) {
      assertNotNull(metrics.scalarOutput(owner("m" + i), "y"));
    }
    assertNull(metrics.scalarOutput(owner("one-too-many"), "y"));
    assertNotNull(metrics.scalarOutput(owner("m0"), "y"), "existing ones are still found");
    assertEquals(DriftMetrics.MAX_SUMMARIES, metrics.summaries().size());
  }

  private static MetricData metric(Collection<MetricData> all, String name) {
    return all.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }

  private static Map<String, Object> asMap(Attributes attributes) {
    Map<String, Object> map = new HashMap<>();
    attributes.forEach((k, v) -> map.put(k.getKey(), v));
    return map;
  }

  static AnomalyKey owner(String model) {
    return new AnomalyKey("test", model, "predict", false);
  }
}
