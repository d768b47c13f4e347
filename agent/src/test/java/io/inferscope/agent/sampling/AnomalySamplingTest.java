package io.inferscope.agent.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.anomaly.AnomalySettings;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The judgment the hooks ask for as a call ends: what it writes on the span. */
class AnomalySamplingTest {
  private static final AnomalyKey KEY = new AnomalyKey("onnxruntime", "resnet", "predict", false);
  private final AnomalySampling sampling = new AnomalySampling(new SamplingSettings(0.1, AnomalySettings.defaults(), 10, 100, 1 << 20));
  private final Tracer tracer = SdkTracerProvider.builder().setSampler(sampling.sampler()).build().get("test");

  private ReadableSpan judged(double seconds, boolean error) {
    Span span = tracer.spanBuilder("predict resnet").startSpan();
    sampling.judge(span, KEY, seconds, error);
    return (ReadableSpan) span;
  }

  private void warmUp() {
    Random random = new Random(7);
    for (int i = 0; i < 300; i++) {
      judged(0.010 * Math.exp(0.1 * random.nextGaussian()), false);
    }
  }

  @Test
  void aSpikeIsFlaggedWithScoreReasonBaselineAndProbabilityOne() {
    warmUp();
    ReadableSpan span = judged(0.2, false);
    assertEquals(Boolean.TRUE, span.getAttribute(AnomalyAttributes.ANOMALY));
    assertEquals("latency_spike", span.getAttribute(AnomalyAttributes.REASON));
    assertTrue(span.getAttribute(AnomalyAttributes.SCORE) >= AnomalySettings.DEFAULT_SENSITIVITY, "score " + span.getAttribute(AnomalyAttributes.SCORE));
    assertEquals(0.010, span.getAttribute(AnomalyAttributes.BASELINE), 0.001, "the expected median");
    assertEquals(1.0, span.getAttribute(AnomalyAttributes.PROBABILITY));
  }

  @Test
  void aNormalCallIsNotFlaggedAndKeepsTheBaseProbability() {
    warmUp();
    ReadableSpan span = judged(0.0101, false);
    assertNull(span.getAttribute(AnomalyAttributes.ANOMALY));
    assertNull(span.getAttribute(AnomalyAttributes.REASON));
    assertEquals(0.1, span.getAttribute(AnomalyAttributes.PROBABILITY));
  }

  /**
   * With batch sizes (1 ms + 0.1 ms per item), a big batch at that speed stays unflagged and a slow small
   * one is flagged with the expected duration for its size as its baseline.
   */
  @Test
  void aBatchIsJudgedForItsSizeAndItsBaselineIsTheExpectationForThatSize() {
    Random random = new Random(7);
    for (int i = 0; i < 600; i++) {
      long items = 1 + random.nextInt(1000);
      Span span = tracer.spanBuilder("predict resnet").startSpan();
      sampling.judge(span, KEY, (0.001 + 0.0001 * items) * Math.exp(0.1 * random.nextGaussian()), items, false);
    }
    Span big = tracer.spanBuilder("predict resnet").startSpan();
    sampling.judge(big, KEY, 0.101, 1000, false);
    assertNull(((ReadableSpan) big).getAttribute(AnomalyAttributes.ANOMALY), "1000 items at the usual speed");
    Span small = tracer.spanBuilder("predict resnet").startSpan();
    sampling.judge(small, KEY, 0.02, 10, false);
    ReadableSpan flagged = (ReadableSpan) small;
    assertEquals(Boolean.TRUE, flagged.getAttribute(AnomalyAttributes.ANOMALY), "10 items in 20 ms, 10x the usual");
    assertEquals("latency_spike", flagged.getAttribute(AnomalyAttributes.REASON));
    assertEquals(0.002, flagged.getAttribute(AnomalyAttributes.BASELINE), 0.0003, "the expected duration for 10 items");
  }

  @Test
  void anErrorIsFlaggedEvenBeforeTheBaselineIsWarm() {
    ReadableSpan span = judged(0.01, true);
    assertEquals(Boolean.TRUE, span.getAttribute(AnomalyAttributes.ANOMALY));
    assertEquals("error", span.getAttribute(AnomalyAttributes.REASON));
  }
}
