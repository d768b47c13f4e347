package io.inferscope.agent.sampling;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * A recorded-only span exported because its trace turned out anomalous: it reads as sampled (export
 * processors pass on sampled spans only) and as kept with probability 1, so re-weighted counts give it
 * weight 1, not 1/base.
 */
final class KeptSpan implements ReadableSpan {
  private final ReadableSpan span;
  private final SpanContext context;

  KeptSpan(ReadableSpan span) {
    this.span = span;
    SpanContext c = span.getSpanContext();
    this.context = SpanContext.create(c.getTraceId(), c.getSpanId(), TraceFlags.getSampled(), c.getTraceState());
  }

  @Override
  public SpanContext getSpanContext() {
    return context;
  }

  @Override
  public SpanContext getParentSpanContext() {
    return span.getParentSpanContext();
  }

  @Override
  public String getName() {
    return span.getName();
  }

  @Override
  public SpanData toSpanData() {
    SpanData data = span.toSpanData();
    Attributes attributes = data.getAttributes().toBuilder().put(AnomalyAttributes.PROBABILITY, 1.0).build();
    int added = data.getAttributes().get(AnomalyAttributes.PROBABILITY) == null ? 1 : 0;
    return new DelegatingSpanData(data) {
      @Override
      public SpanContext getSpanContext() {
        return context;
      }

      @Override
      public Attributes getAttributes() {
        return attributes;
      }

      @Override
      public int getTotalAttributeCount() {
        return super.getTotalAttributeCount() + added;
      }
    };
  }

  @Override
  @SuppressWarnings("deprecation") // still abstract in the interface
  public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
    return span.getInstrumentationLibraryInfo();
  }

  @Override
  public InstrumentationScopeInfo getInstrumentationScopeInfo() {
    return span.getInstrumentationScopeInfo();
  }

  @Override
  public boolean hasEnded() {
    return span.hasEnded();
  }

  @Override
  public long getLatencyNanos() {
    return span.getLatencyNanos();
  }

  @Override
  public SpanKind getKind() {
    return span.getKind();
  }

  @Override
  public <T> T getAttribute(AttributeKey<T> key) {
    return span.getAttribute(key);
  }

  @Override
  public Attributes getAttributes() {
    return span.getAttributes();
  }
}
