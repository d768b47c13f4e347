package io.inferscope.agent.sampling;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sits in front of an export processor and keeps whole local traces of anomalies (Hindsight's idea, in
 * process). Sampled spans pass straight through. A recorded-only span that ends inside a still-open local
 * trace (its local root has not ended) is held; if a span of that trace is flagged anomalous, what is held
 * is exported with it and so is every later span of the trace until its local root ends; if the root ends
 * with no anomaly, what is held is dropped.
 *
 * <p>Bounded: at most {@code maxSpans} spans and {@code maxBytes} (estimated) bytes are held over all
 * traces; beyond that the oldest traces' spans are dropped and counted ({@code buffer_full}). Nothing ever
 * waits: a trace whose root never ends is simply the oldest one day. Anomalous traces that do not get a
 * permit from the rate cap are not exported (counted, {@code rate_limited}); their spans stay flagged in
 * the metrics.
 */
final class LocalTraceProcessor implements SpanProcessor {
  // A span's fixed cost in an OTLP batch and in memory: ids, times, name, status, resource reference.
  private static final int SPAN_BASE_BYTES = 256;

  private final SpanProcessor delegate;
  private final RateCap rateCap;
  private final SamplingDrops drops;
  private final int maxSpans;
  private final long maxBytes;
  /** Open local traces by trace id, oldest first. */
  private final LinkedHashMap<String, LocalTrace> traces = new LinkedHashMap<>();
  private int heldSpans;
  private long heldBytes;
  /** traces.size(), readable without the lock: a root ending with nothing held skips it. */
  private volatile int openTraces;

  LocalTraceProcessor(SpanProcessor delegate, RateCap rateCap, SamplingDrops drops, int maxSpans, long maxBytes) {
    this.delegate = delegate;
    this.rateCap = rateCap;
    this.drops = drops;
    this.maxSpans = maxSpans;
    this.maxBytes = maxBytes;
  }

  /** The spans of one trace ended while its local root is open. */
  private static final class LocalTrace {
    /** A span was anomalous and got a permit: everything of this trace is exported. */
    boolean kept;
    List<ReadableSpan> spans = new ArrayList<>(4);
    long bytes;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    SpanContext context = span.getSpanContext();
    if (context.isSampled()) {
      delegate.onEnd(span);
      return;
    }
    SpanContext parent = span.getParentSpanContext();
    boolean root = !parent.isValid() || parent.isRemote();
    boolean anomalous = Boolean.TRUE.equals(span.getAttribute(AnomalyAttributes.ANOMALY));
    if (root && !anomalous && openTraces == 0) {
      return; // the common case: a normal trace of one span
    }
    List<ReadableSpan> export = decide(span, context.getTraceId(), root, anomalous, root || anomalous ? 0 : bytes(span));
    if (export != null) {
      for (ReadableSpan s : export) {
        delegate.onEnd(new KeptSpan(s));
      }
    }
  }

  /** @return the spans to export now, or null */
  private List<ReadableSpan> decide(ReadableSpan span, String traceId, boolean root, boolean anomalous, long bytes) {
    synchronized (traces) {
      LocalTrace trace = root ? remove(traceId) : traces.get(traceId);
      if (trace != null && trace.kept) {
        return List.of(span);
      }
      if (anomalous) {
        List<ReadableSpan> held = trace == null ? List.of() : trace.spans;
        if (!rateCap.tryAcquire()) {
          drops.rateLimited(1 + held.size());
          if (!root) {
            remove(traceId); // a root's trace is out of the map already
          }
          return null;
        }
        List<ReadableSpan> export = new ArrayList<>(held.size() + 1);
        export.addAll(held);
        export.add(span);
        if (!root) {
          if (trace == null) {
            trace = new LocalTrace();
            traces.put(traceId, trace);
          } else {
            release(trace);
          }
          trace.kept = true;
          trace.spans = List.of();
          trimToBounds();
        }
        return export;
      }
      if (!root) {
        if (trace == null) {
          trace = new LocalTrace();
          traces.put(traceId, trace);
        }
        trace.spans.add(span);
        trace.bytes += bytes;
        heldSpans++;
        heldBytes += bytes;
        trimToBounds();
      }
      return null;
    }
  }

  private LocalTrace remove(String traceId) {
    LocalTrace trace = traces.remove(traceId);
    if (trace != null) {
      release(trace);
      openTraces = traces.size();
    }
    return trace;
  }

  private void release(LocalTrace trace) {
    heldSpans -= trace.spans.size();
    heldBytes -= trace.bytes;
    trace.bytes = 0;
  }

  /** Drops the oldest traces until the held spans (and the open traces themselves) fit the bounds. */
  private void trimToBounds() {
    Iterator<Map.Entry<String, LocalTrace>> oldest = traces.entrySet().iterator();
    while ((heldSpans > maxSpans || heldBytes > maxBytes || traces.size() > Math.max(maxSpans, 1)) && oldest.hasNext()) {
      LocalTrace trace = oldest.next().getValue();
      int lost = trace.spans.size();
      release(trace);
      oldest.remove();
      if (lost > 0) {
        drops.bufferFull(lost);
      }
    }
    openTraces = traces.size();
  }

  /** Estimated bytes a held span costs: its attributes and events dominate (an exception's stack trace). */
  private static long bytes(ReadableSpan span) {
    SpanData data = span.toSpanData();
    long[] total = {SPAN_BASE_BYTES + data.getName().length()};
    data.getAttributes().forEach((key, value) -> total[0] += 16 + key.getKey().length() + valueBytes(value));
    for (EventData event : data.getEvents()) {
      total[0] += 32 + event.getName().length();
      event.getAttributes().forEach((key, value) -> total[0] += 16 + key.getKey().length() + valueBytes(value));
    }
    return total[0];
  }

  private static long valueBytes(Object value) {
    if (value instanceof String s) {
      return s.length();
    }
    if (value instanceof List<?> list) {
      long sum = 0;
      for (Object item : list) {
        sum += valueBytes(item);
      }
      return sum + 8L * list.size();
    }
    return 8;
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  @Override
  public CompletableResultCode shutdown() {
    synchronized (traces) {
      traces.clear();
      heldSpans = 0;
      heldBytes = 0;
      openTraces = 0;
    }
    return delegate.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public String toString() {
    return "LocalTraceProcessor{" + delegate + "}";
  }
}
