package io.inferscope.agent.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ml.inference.active and ml.model.loaded on the real SDK: what a collection reads while calls are open,
 * after they end, and as models load, close twice, or are dropped unclosed.
 */
class ModelServingMetricsTest {
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk =
      OpenTelemetrySdk.builder().setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build()).build();
  private final InferenceTelemetry telemetry = new InferenceTelemetry(sdk, "test");
  private final ModelIdentity resnet = new ModelIdentity("resnet", "onnxruntime", "CPU", "cpu");
  private final ModelIdentity bert = new ModelIdentity("bert", "djl", "OnnxRuntime", "cpu");

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void activeCountsCallsInProgressPerModelAndFallsBackToZero() {
    InferenceCall first = telemetry.startPredict(resnet, null);
    InferenceCall second = telemetry.startPredict(resnet, null);
    InferenceCall other = telemetry.startPredict(bert, null);
    assertEquals(Map.of("resnet", 2L, "bert", 1L), byModel("ml.inference.active"));
    first.end(null);
    other.end(new IllegalStateException("failed calls end too"));
    other.end(null);
    assertEquals(Map.of("resnet", 1L, "bert", 0L), byModel("ml.inference.active"));
    second.end(null);
    assertEquals(Map.of("resnet", 0L, "bert", 0L), byModel("ml.inference.active"));
    MetricData active = metric("ml.inference.active");
    assertEquals("{inference}", active.getUnit());
    assertTrue(!active.getLongSumData().isMonotonic(), "an up-down counter");
    LongPointData point = active.getLongSumData().getPoints().iterator().next();
    assertEquals("predict", point.getAttributes().get(AttributeKey.stringKey("ml.operation")));
  }

  @Test
  void loadedCountsOpenHandlesOnceEachAndReadsZeroWhenAllAreClosed() {
    Object session = new Object();
    Object sameModelAgain = new Object();
    telemetry.modelLoaded(session, resnet);
    telemetry.modelLoaded(sameModelAgain, resnet);
    telemetry.modelLoaded(new Object() /* no longer referenced: may be collected */, bert);
    assertEquals(2L, byModel("ml.model.loaded").get("resnet"));
    telemetry.modelClosed(session, "test");
    telemetry.modelClosed(session, "test");
    telemetry.modelClosed(new Object(), "test");
    assertEquals(1L, byModel("ml.model.loaded").get("resnet"));
    telemetry.modelClosed(sameModelAgain, "test");
    assertEquals(0L, byModel("ml.model.loaded").get("resnet"), "a model whose handles are all closed reads 0");
    Attributes labels = metric("ml.model.loaded").getLongSumData().getPoints().stream()
        .filter(p -> "resnet".equals(p.getAttributes().get(AttributeKey.stringKey("ml.model.name")))).findFirst().orElseThrow().getAttributes();
    assertEquals(Map.of("ml.framework", "onnxruntime", "ml.engine", "CPU", "ml.model.name", "resnet", "ml.device", "cpu"), asMap(labels));
  }

  @Test
  void aDroppedUnclosedModelStopsCountingOnceCollected() throws InterruptedException {
    telemetry.modelLoaded(new Object(), bert);
    for (int i = 0; i < 50 && byModel("ml.model.loaded").get("bert") != 0L; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertEquals(0L, byModel("ml.model.loaded").get("bert"));
  }

  @Test
  void inFlightKeysAreBounded() {
    InFlightInferences inFlight = new InFlightInferences(sdk.getMeter("bound"));
    Set<Object> counters = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < InFlightInferences.MAX_KEYS + 10; i++) {
      Attributes key = Attributes.of(AttributeKey.stringKey("ml.model.name"), "m" + i);
      counters.add(inFlight.counter(key));
      inFlight.counter(key).increment();
    }
    assertEquals(InFlightInferences.MAX_KEYS + 1, counters.size(), "keys past the cap share one counter");
    long reported = reader.collectAllMetrics().stream().filter(m -> m.getName().equals("ml.inference.active"))
        .mapToLong(m -> m.getLongSumData().getPoints().size()).sum();
    assertEquals(InFlightInferences.MAX_KEYS, reported, "only the keys within the cap are reported");
  }

  private MetricData metric(String name) {
    return reader.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow(() -> new AssertionError(name));
  }

  private Map<String, Long> byModel(String name) {
    Map<String, Long> values = new HashMap<>();
    for (LongPointData point : metric(name).getLongSumData().getPoints()) {
      values.put(point.getAttributes().get(AttributeKey.stringKey("ml.model.name")), point.getValue());
    }
    return values;
  }

  private static Map<String, String> asMap(Attributes attributes) {
    Map<String, String> map = new HashMap<>();
    attributes.forEach((key, value) -> map.put(key.getKey(), String.valueOf(value)));
    return map;
  }
}
