package io.inferscope.agent.sampling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The local-trace buffer on the real SDK: recorded-only traces are exported whole when one of their spans
 * is flagged, dropped otherwise, within bounds, and anomalous traces are rate-capped.
 */
class LocalTraceProcessorTest {
  private final CollectingExporter exported = new CollectingExporter();
  private final SamplingDrops drops = new SamplingDrops();
  private final AtomicLong clock = new AtomicLong();

  private Tracer tracer(double baseProbability, double perSecond, int maxSpans, long maxBytes) {
    LocalTraceProcessor processor = new LocalTraceProcessor(SimpleSpanProcessor.create(exported),
        new RateCap(perSecond, clock::get), drops, maxSpans, maxBytes);
    return SdkTracerProvider.builder().setSampler(new AnomalySampler(baseProbability)).addSpanProcessor(processor)
        .build().get("test");
  }

  private static Span child(Tracer tracer, Span parent, String name) {
    return tracer.spanBuilder(name).setParent(Context.root().with(parent)).startSpan();
  }

  private static void flag(Span span) {
    span.setAttribute(AnomalyAttributes.ANOMALY, true);
    span.setAttribute(AnomalyAttributes.PROBABILITY, 1.0);
  }

  @Test
  void aNormalRecordedOnlyTraceIsNotExportedAndLeavesNothingHeld() {
    Tracer tracer = tracer(0, 10, 100, 1 << 20);
    Span root = tracer.spanBuilder("root").startSpan();
    assertTrue(root.isRecording(), "every span is recorded: its latency is judged at the end");
    assertTrue(!root.getSpanContext().isSampled());
    child(tracer, root, "child").end();
    root.end();
    tracer.spanBuilder("single").startSpan().end();
    assertEquals(List.of(), exported.names());
    assertEquals(0, drops.bufferFull() + drops.rateLimited());
  }

  @Test
  void anAnomalousRootTakesTheSpansThatEndedBeforeIt() {
    Tracer tracer = tracer(0, 10, 100, 1 << 20);
    Span root = tracer.spanBuilder("root").startSpan();
    child(tracer, root, "engine run").end();
    flag(root);
    root.end();
    assertEquals(List.of("engine run", "root"), exported.names());
    for (SpanData span : exported.spans()) {
      assertTrue(span.getSpanContext().isSampled(), "exported spans read as sampled: " + span);
      assertEquals(1.0, span.getAttributes().get(AnomalyAttributes.PROBABILITY), "kept with probability 1: " + span);
      assertEquals(root.getSpanContext().getTraceId(), span.getTraceId());
    }
    assertEquals(root.getSpanContext().getSpanId(), exported.spans().get(0).getParentSpanId());
  }

  @Test
  void anAnomalousChildKeepsEveryLaterSpanOfItsTraceUntilTheRootEnds() {
    Tracer tracer = tracer(0, 10, 100, 1 << 20);
    Span root = tracer.spanBuilder("root").startSpan();
    child(tracer, root, "before").end();
    Span slow = child(tracer, root, "slow");
    flag(slow);
    slow.end();
    assertEquals(List.of("before", "slow"), exported.names(), "held spans go out with the anomaly at once");
    child(tracer, root, "after").end();
    root.end();
    assertEquals(List.of("before", "slow", "after", "root"), exported.names());
    Span next = tracer.spanBuilder("next trace").startSpan();
    child(tracer, next, "its child").end();
    next.end();
    assertEquals(4, exported.names().size(), "the next trace is judged on its own");
  }

  @Test
  void sampledTracesPassThroughUntouched() {
    Tracer tracer = tracer(1, 10, 100, 1 << 20);
    Span root = tracer.spanBuilder("root").startSpan();
    child(tracer, root, "child").end();
    root.end();
    assertEquals(List.of("child", "root"), exported.names());
    assertEquals(1.0, exported.spans().get(0).getAttributes().get(AnomalyAttributes.PROBABILITY));
  }

  @Test
  void theBufferDropsTheOldestTracesBeyondItsSpanBound() {
    Tracer tracer = tracer(0, 10, 3, 1 << 20);
    Span[] roots = new Span[5];
    for (int i = 0; i < roots.length; i++) {
      roots[i] = tracer.spanBuilder("root " + i).startSpan();
      child(tracer, roots[i], "child " + i).end();
    }
    assertEquals(2, drops.bufferFull(), "two oldest traces' held spans dropped for room");
    flag(roots[0]);
    roots[0].end();
    assertEquals(List.of("root 0"), exported.names(), "an evicted trace's anomaly still exports itself");
    flag(roots[4]);
    roots[4].end();
    assertEquals(List.of("root 0", "child 4", "root 4"), exported.names());
  }

  @Test
  void theBufferIsBoundedInBytesToo() {
    Tracer tracer = tracer(0, 10, 1000, 2000);
    Span root = tracer.spanBuilder("root").startSpan();
    for (int i = 0; i < 10; i++) {
      Span c = child(tracer, root, "child " + i);
      c.setAttribute("payload", "x".repeat(300));
      c.end();
    }
    assertTrue(drops.bufferFull() >= 5, "at ~600 bytes a span, at most 3 fit in 2000 bytes: " + drops.bufferFull());
  }

  @Test
  void anomalousTracesBeyondTheRateCapAreCountedNotExported() {
    Tracer tracer = tracer(0, 2, 100, 1 << 20);
    for (int i = 0; i < 5; i++) {
      Span root = tracer.spanBuilder("root " + i).startSpan();
      child(tracer, root, "child " + i).end();
      flag(root);
      root.end();
    }
    assertEquals(List.of("child 0", "root 0", "child 1", "root 1"), exported.names(), "a burst of 2 at 2/s");
    assertEquals(6, drops.rateLimited(), "3 traces of 2 spans over the cap");
    clock.addAndGet(1_000_000_000L);
    Span root = tracer.spanBuilder("later").startSpan();
    flag(root);
    root.end();
    assertEquals("later", exported.names().get(4), "permits come back with time");
  }
}
