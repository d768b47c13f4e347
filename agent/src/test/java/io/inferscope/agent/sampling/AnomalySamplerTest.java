package io.inferscope.agent.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnomalySamplerTest {
  private static SamplingResult decide(Sampler sampler, Context parent, String traceId) {
    return sampler.shouldSample(parent, traceId, "run", SpanKind.INTERNAL, Attributes.empty(), List.of());
  }

  @Test
  void rootsAreRecordedAlwaysAndSampledByTraceIdLikeTraceIdRatio() {
    AnomalySampler sampler = new AnomalySampler(0.2);
    Sampler ratio = Sampler.traceIdRatioBased(0.2);
    int sampled = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      String traceId = IdGenerator.random().generateTraceId();
      SamplingResult result = decide(sampler, Context.root(), traceId);
      assertTrue(result.getDecision() != SamplingDecision.DROP, "every span is recorded");
      boolean keep = result.getDecision() == SamplingDecision.RECORD_AND_SAMPLE;
      assertEquals(decide(ratio, Context.root(), traceId).getDecision() == SamplingDecision.RECORD_AND_SAMPLE, keep,
          "the same traces as traceidratio at the same probability");
      assertEquals(0.2, result.getAttributes().get(AnomalyAttributes.PROBABILITY));
      sampled += keep ? 1 : 0;
    }
    assertEquals(0.2, sampled / (double) n, 0.015);
  }

  @Test
  void childrenFollowTheirParent() {
    AnomalySampler sampler = new AnomalySampler(0.5);
    String traceId = IdGenerator.random().generateTraceId();
    String spanId = IdGenerator.random().generateSpanId();
    for (boolean remote : new boolean[] {false, true}) {
      for (boolean parentSampled : new boolean[] {false, true}) {
        TraceFlags flags = parentSampled ? TraceFlags.getSampled() : TraceFlags.getDefault();
        SpanContext parent = remote
            ? SpanContext.createFromRemoteParent(traceId, spanId, flags, TraceState.getDefault())
            : SpanContext.create(traceId, spanId, flags, TraceState.getDefault());
        SamplingResult result = decide(sampler, Context.root().with(Span.wrap(parent)), traceId);
        assertEquals(parentSampled ? SamplingDecision.RECORD_AND_SAMPLE : SamplingDecision.RECORD_ONLY, result.getDecision(),
            "remote=" + remote + " sampled=" + parentSampled);
      }
    }
  }

  @Test
  void probabilityZeroKeepsNoNormalTraceAndOneKeepsAll() {
    String traceId = IdGenerator.random().generateTraceId();
    assertEquals(SamplingDecision.RECORD_ONLY, decide(new AnomalySampler(0), Context.root(), traceId).getDecision());
    assertEquals(SamplingDecision.RECORD_AND_SAMPLE, decide(new AnomalySampler(1), Context.root(), traceId).getDecision());
  }
}
