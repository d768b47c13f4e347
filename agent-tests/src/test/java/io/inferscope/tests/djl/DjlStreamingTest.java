package io.inferscope.tests.djl;

import static io.inferscope.tests.djl.DjlRuns.FRAMEWORK;
import static io.inferscope.tests.djl.DjlRuns.ORT;
import static io.inferscope.tests.djl.DjlRuns.describe;
import static io.inferscope.tests.djl.DjlRuns.only;
import static io.inferscope.tests.djl.DjlRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code Predictor.streamingPredict} on DJL 0.38.0 (ONNX Runtime engine; one case on 0.35.1 with the
 * PyTorch engine) with a streaming block and translator of the test's own: the span lasts until the stream ends, whichever way it ends, and
 * ends exactly once.
 */
class DjlStreamingTest {
  private static final String APP = "io.inferscope.tests.apps.DjlStreamingApp";
  private static final String MODEL = "chunker";
  private static final String SPAN = "stream_predict " + MODEL;
  /** DjlStreamingApp pauses this long before asking for each chunk (and once more for the end). */
  private static final long PAUSE_NANOS = 60_000_000L;

  private static ForkedJvm app(OtlpReceiver receiver, String... args) {
    return app(ORT, receiver, args);
  }

  private static ForkedJvm app(String engine, OtlpReceiver receiver, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = engine;
    System.arraycopy(args, 0, all, 1, args.length);
    return DjlRuns.withAgent(engine, receiver).mainClass(APP).args(all);
  }

  private static ReceivedSpan streamSpan(List<ReceivedSpan> spans, String outcome, long chunks) {
    return streamSpan(ORT, spans, outcome, chunks);
  }

  private static ReceivedSpan streamSpan(String engine, List<ReceivedSpan> spans, String outcome, long chunks) {
    ReceivedSpan span = only(spans, SPAN, FRAMEWORK, spans);
    assertEquals("INTERNAL", span.kind(), span::toString);
    DjlRuns.baseAttributes("stream_predict", engine, MODEL).forEach((k, v) -> assertEquals(v, span.attributes().get(k), () -> k + " of " + span));
    assertEquals("ChunkTranslator", span.attr("ml.djl.translator"), span::toString);
    assertEquals(1L, span.longAttr("ml.batch.size"), span::toString);
    assertEquals(outcome, span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals(chunks, span.longAttr("inferscope.stream.chunks"), span::toString);
    return span;
  }

  private static long durationNanos(ReceivedSpan span) {
    return span.endEpochNanos() - span.startEpochNanos();
  }

  private static void assertChunks(Map<String, String> values, int count) {
    for (int i = 0; i < count; i++) {
      String expected = (1f * (i + 1)) + "," + (2f * (i + 1)) + "," + (3f * (i + 1));
      assertEquals(expected, values.get("chunk." + i), values::toString);
    }
    assertEquals(String.valueOf(count), values.get("chunks"), values::toString);
  }

  private static ReceivedMetric durationMetric(OtlpReceiver receiver, String errorType) {
    Map<String, Object> attributes = new HashMap<>(DjlRuns.baseAttributes("stream_predict", ORT, MODEL));
    if (errorType != null) {
      attributes.put("error.type", errorType);
    }
    return DjlRuns.histogram(receiver, "ml.inference.duration", attributes);
  }

  @Test
  void theSpanLastsUntilTheStreamIsReadToTheEnd() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, "read", "4").run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals(ORT, values.get("engine"), result.stdout());
      assertChunks(values, 4);
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan span = streamSpan(spans, "completed", 4);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertFalse(span.attributes().containsKey("error.type"), span::toString);
      // streamingPredict returns at once; the reader then paused 5 times before the stream ended.
      long returnedNanos = Long.parseLong(values.get("returned.ms")) * 1_000_000L;
      assertTrue(durationNanos(span) >= 5 * PAUSE_NANOS, () -> "the span covers the reading, not just the call (returned after "
          + values.get("returned.ms") + " ms): " + span);
      assertTrue(returnedNanos < durationNanos(span), span::toString);
      assertEquals(1, DjlRuns.djlSpans(spans).size(), () -> "one DJL span for one stream: " + describe(spans));
      assertEquals(1, durationMetric(receiver, null).count());
    }
  }

  @Test
  void theStreamSpanIsEngineAgnostic() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(DjlRuns.PYTORCH, receiver, "read", "3").run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals(DjlRuns.PYTORCH, values.get("engine"), result.stdout());
      assertChunks(values, 3);
      ReceivedSpan span = streamSpan(DjlRuns.PYTORCH, receiver.spans(), "completed", 3);
      assertTrue(durationNanos(span) >= 4 * PAUSE_NANOS, span::toString);
    }
  }

  @Test
  void aStreamReadOnAnotherThreadEndsOnceWhenConsumedAndThenClosed() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, "read-on-thread", "3").run().assertSuccess();
      Map<String, String> values = values(result);
      assertChunks(values, 3);
      assertFalse(values.get("reader").equals("main"), result.stdout());
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan span = streamSpan(spans, "completed", 3);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertEquals(1, durationMetric(receiver, null).count());
    }
  }

  @Test
  void closingEarlyEndsTheSpanAsCancelled() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, "close-early", "5").run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("true", values.get("closed"), result.stdout());
      assertChunks(values, 1);
      ReceivedSpan span = streamSpan(receiver.spans(), "cancelled", 1);
      assertEquals("UNSET", span.statusCode(), "closing early is the reader's choice, not an error: " + span);
      assertFalse(span.attributes().containsKey("error.type"), span::toString);
      assertEquals(1, durationMetric(receiver, null).count());
    }
  }

  @Test
  void aFailureMidStreamReachesTheReaderUnchangedAndMarksTheSpan() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, "fail", "4", "3").run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("java.lang.IllegalStateException", values.get("caught"), result.stdout());
      assertEquals("chunk 3 failed", values.get("message"), result.stdout());
      assertChunks(values, 2);
      ReceivedSpan span = streamSpan(receiver.spans(), "error", 2);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("java.lang.IllegalStateException", span.attr("error.type"), span::toString);
      assertTrue(span.events().stream().anyMatch(e -> e.name().equals("exception")), span::toString);
      assertEquals(1, durationMetric(receiver, "java.lang.IllegalStateException").count());
    }
  }

  @Test
  void anAbandonedStreamEndsAfterTheIdleTimeoutMarkedAsSuch() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          app(receiver, "abandon", "5", "2500").sysProp("inferscope.stream.idle.timeout.ms", "400").run().assertSuccess();
      assertEquals("true", values(result).get("kept"), result.stdout());
      ReceivedSpan span = streamSpan(receiver.spans(), "abandoned", 1);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("abandoned", span.attr("error.type"), span::toString);
      // Ended by the watchdog while the app still held the stream: after the timeout, well before the wait ended.
      assertTrue(durationNanos(span) >= 400_000_000L, span::toString);
      assertTrue(durationNanos(span) < 2_500_000_000L, () -> "ended by the idle timeout, not at exit: " + span);
      assertEquals(1, durationMetric(receiver, "abandoned").count());
    }
  }

  @Test
  void aStreamStillOpenAtExitIsExportedAsAbandoned() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, "exit-open", "5").run().assertSuccess();
      assertEquals("open", values(result).get("exiting"), result.stdout());
      ReceivedSpan span = streamSpan(receiver.spans(), "abandoned", 1);
      assertEquals("abandoned", span.attr("error.type"), span::toString);
    }
  }

  @Test
  void aTranslatorThatCannotStreamGetsDjlsOwnError() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, "unsupported").run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("java.lang.IllegalStateException", values.get("caught"), result.stdout());
      assertEquals("streamingPredict() can only be called with a StreamingTranslator", values.get("message"), result.stdout());
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan span = only(spans, SPAN, FRAMEWORK, spans);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("java.lang.IllegalStateException", span.attr("error.type"), span::toString);
      assertFalse(span.attributes().containsKey("inferscope.stream.outcome"), "no stream was ever produced: " + span);
    }
  }
}
