package io.inferscope.agent.sampling;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Decides at the start only what can be decided then: every span is recorded (its latency is judged when it
 * ends), and the trace is marked sampled with the base probability, by trace id like {@code traceidratio}
 * (so services sampling at the same rate keep the same traces whole). A span with a parent follows it. The
 * rest is the {@link LocalTraceProcessor}'s: it exports a recorded-only span when its trace turned out
 * anomalous.
 */
final class AnomalySampler implements Sampler {
  private final Sampler ratio;
  private final SamplingResult keep;
  private final SamplingResult record;
  private final String description;

  AnomalySampler(double baseProbability) {
    this.ratio = Sampler.traceIdRatioBased(baseProbability);
    Attributes probability = Attributes.of(AnomalyAttributes.PROBABILITY, baseProbability);
    this.keep = SamplingResult.create(SamplingDecision.RECORD_AND_SAMPLE, probability);
    this.record = SamplingResult.create(SamplingDecision.RECORD_ONLY, probability);
    this.description = "InferScopeAnomalySampler{base=" + baseProbability + "}";
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes,
      List<LinkData> parentLinks) {
    SpanContext parent = Span.fromContext(parentContext).getSpanContext();
    boolean sampled = parent.isValid()
        ? parent.isSampled()
        : ratio.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks).getDecision()
            == SamplingDecision.RECORD_AND_SAMPLE;
    return sampled ? keep : record;
  }

  @Override
  public String getDescription() {
    return description;
  }

  @Override
  public String toString() {
    return description;
  }
}
