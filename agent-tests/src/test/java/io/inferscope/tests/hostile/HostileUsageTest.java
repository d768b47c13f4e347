package io.inferscope.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Token counts a server gets wrong: sums of parts saturate instead of wrapping to a negative,
 * negative and fractional counts are left out, and the span and the token metric always agree.
 */
class HostileUsageTest {
  private static ReceivedSpan call(OtlpReceiver receiver, HostileServer server, String path, HostilePayload payload) {
    ForkedJvm.Result result = HostileRuns.withAgent(HostileRuns.JDK, receiver)
        .args(server.baseUrl() + path, payload.model, "1", "1", String.valueOf(1 << 20)).run().assertSuccess();
    List<ReceivedSpan> spans = receiver.spans().stream().filter(s -> "io.inferscope.genai".equals(s.scopeName())).toList();
    assertEquals(1, spans.size(), () -> spans + "\n" + result.stderr());
    return spans.get(0);
  }

  private static List<ReceivedMetric> tokens(OtlpReceiver receiver, String type) {
    return receiver.metrics().stream()
        .filter(m -> m.name().equals("gen_ai.client.token.usage") && type.equals(m.attr("gen_ai.token.type"))).toList();
  }

  @Test
  void anthropicInputPlusCacheReadsSaturates() {
    try (HostileServer server = HostileServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ReceivedSpan span = call(receiver, server, "/v1/messages", HostilePayload.ANTHROPIC_OVERFLOW);
      assertEquals(Long.MAX_VALUE, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals(5_000_000_000_000_000_000L, span.longAttr("gen_ai.usage.cache_read.input_tokens"), span::toString);
      assertEquals(3L, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      ReceivedMetric input = tokens(receiver, "input").get(0);
      assertEquals(1, input.count(), input::toString);
      assertEquals((double) Long.MAX_VALUE, input.sum(), input::toString);
    }
  }

  @Test
  void geminiCandidatesPlusThoughtsSaturates() {
    try (HostileServer server = HostileServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ReceivedSpan span = call(receiver, server, "/v1beta/models/gemini-hostile:generateContent", HostilePayload.GEMINI_OVERFLOW);
      assertEquals(Long.MAX_VALUE, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals(9_000_000_000_000_000_000L, span.longAttr("gen_ai.usage.reasoning.output_tokens"), span::toString);
      ReceivedMetric output = tokens(receiver, "output").get(0);
      assertEquals(1, output.count(), output::toString);
      assertEquals((double) Long.MAX_VALUE, output.sum(), output::toString);
    }
  }

  @Test
  void negativeAndFractionalCountsAreLeftOutOfSpanAndMetricAlike() {
    try (HostileServer server = HostileServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ReceivedSpan span = call(receiver, server, "/v1/chat/completions", HostilePayload.BAD_COUNTS);
      assertNull(span.attributes().get("gen_ai.usage.input_tokens"), span::toString);
      assertNull(span.attributes().get("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("bad-counts", span.attr("gen_ai.response.model"), "the rest of the answer is still read");
      assertTrue(tokens(receiver, "input").isEmpty() && tokens(receiver, "output").isEmpty(), () -> "" + receiver.metrics());
      assertTrue(receiver.metrics().stream().anyMatch(m -> m.name().equals("gen_ai.client.operation.duration")),
          "the call itself is still measured");
    }
  }
}
