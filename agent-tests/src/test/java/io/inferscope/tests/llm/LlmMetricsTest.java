package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The GenAI client metrics (semantic conventions v1.41.0) after a chat, a streamed chat, a
 * rate-limited chat and a streamed chat that did not ask for usage, in one JVM: names, units, the conventions' bucket boundaries, token counts by
 * type, chunk timings for streams only, and low-cardinality attributes only.
 */
class LlmMetricsTest {
  private static final String DURATION = "gen_ai.client.operation.duration";
  private static final String TOKENS = "gen_ai.client.token.usage";
  private static final String TTFC = "gen_ai.client.operation.time_to_first_chunk";
  private static final String TPOC = "gen_ai.client.operation.time_per_output_chunk";
  private static final List<Double> SECONDS_BOUNDS =
      List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Double> TOKEN_BOUNDS = List.of(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0,
      262144.0, 1048576.0, 4194304.0, 16777216.0, 67108864.0);
  /** What a GenAI metric point may carry: the conventions' low-cardinality attributes. */
  private static final Set<String> ALLOWED = Set.of("gen_ai.operation.name", "gen_ai.provider.name", "gen_ai.request.model",
      "gen_ai.response.model", "server.address", "server.port", "error.type", "gen_ai.token.type");

  private static final String PROMPT = "Metrics-prompt-7c1e";
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
  private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
  /** OpenAI streams report usage only when asked to (the README's troubleshooting table). */
  private static final String STREAM_WITHOUT_USAGE = STREAM.replace("\"stream_options\":{\"include_usage\":true},", "");

  @Test
  void chatStreamAndErrorMetricsFollowTheConventions() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = LlmRuns.jdkSequence(receiver,
          url, "string", CHAT,
          "--", url, "lines", STREAM,
          "--", url, "string", CHAT.replace("gpt-4o-mini", "error-429"),
          "--", url, "lines", STREAM_WITHOUT_USAGE).run().assertSuccess();
      assertEquals(4, server.requests().size(), () -> output(result));
      ReceivedSpan withoutUsage = LlmRuns.genAiSpans(receiver.spans()).stream()
          .filter(s -> Boolean.TRUE.equals(s.attributes().get("gen_ai.request.stream")) && s.attr("gen_ai.usage.output_tokens") == null)
          .findFirst().orElseThrow(() -> new AssertionError("the stream without usage: " + receiver.spans()));
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), withoutUsage.longAttr("inferscope.stream.chunks"), "chunks are counted");
      assertNull(withoutUsage.attr("gen_ai.usage.input_tokens"), withoutUsage::toString);
      assertEquals(1, LlmRuns.genAiSpans(receiver.spans()).stream().filter(s -> "429".equals(s.attr("error.type"))).count(),
          () -> "the error call's span: " + receiver.spans());

      Map<String, Object> ok = Map.of("gen_ai.request.model", "gpt-4o-mini");
      Map<String, Object> failed = Map.of("gen_ai.request.model", "error-429");

      // Duration: one series for the chat and the two streams (same attributes), one for the error.
      ReceivedMetric duration = only(series(receiver, DURATION, ok), DURATION);
      assertEquals("s", duration.unit());
      assertEquals("HISTOGRAM", duration.type());
      assertEquals(LlmRuns.SCOPE, duration.scopeName());
      assertEquals(SECONDS_BOUNDS, duration.explicitBounds(), "the conventions' bucket boundaries");
      assertEquals(3, duration.count(), duration::toString);
      assertTrue(duration.sum() > 0, duration::toString);
      assertEquals(Map.of("gen_ai.operation.name", "chat", "gen_ai.provider.name", "openai", "gen_ai.request.model", "gpt-4o-mini",
          "gen_ai.response.model", "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, "server.address", "127.0.0.1",
          "server.port", (long) server.port()), duration.attributes());
      ReceivedMetric errorDuration = only(series(receiver, DURATION, failed), DURATION + " of the error");
      assertEquals(1, errorDuration.count());
      assertEquals("429", errorDuration.attr("error.type"), errorDuration::toString);

      // Token usage: by type, the fake's counts, twice (chat + stream with usage); none for the error or the stream without.
      ReceivedMetric input = only(series(receiver, TOKENS, Map.of("gen_ai.request.model", "gpt-4o-mini", "gen_ai.token.type", "input")), "input tokens");
      ReceivedMetric outputTokens = only(series(receiver, TOKENS, Map.of("gen_ai.request.model", "gpt-4o-mini", "gen_ai.token.type", "output")), "output tokens");
      for (ReceivedMetric tokens : List.of(input, outputTokens)) {
        assertEquals("{token}", tokens.unit());
        assertEquals("HISTOGRAM", tokens.type());
        assertEquals(TOKEN_BOUNDS, tokens.explicitBounds(), "the conventions' token bucket boundaries");
        assertEquals(2, tokens.count(), tokens::toString);
        assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, tokens.attr("gen_ai.response.model"));
      }
      assertEquals(2.0 * FakeAnswer.INPUT_TOKENS, input.sum(), input::toString);
      assertEquals(2.0 * FakeAnswer.OUTPUT_TOKENS, outputTokens.sum(), outputTokens::toString);
      assertTrue(series(receiver, TOKENS, failed).isEmpty(), "no usage reported, no token point");

      // Chunk timings: the streams only, so count 1 each for the first chunk and pieces - 1 each for the gaps.
      ReceivedMetric ttfc = only(series(receiver, TTFC, ok), TTFC);
      assertEquals("s", ttfc.unit());
      assertEquals(SECONDS_BOUNDS, ttfc.explicitBounds());
      assertEquals(2, ttfc.count(), () -> "streams only: " + ttfc);
      assertTrue(ttfc.sum() > 0 && ttfc.sum() <= duration.sum(), ttfc::toString);
      ReceivedMetric tpoc = only(series(receiver, TPOC, ok), TPOC);
      assertEquals("s", tpoc.unit());
      assertEquals(SECONDS_BOUNDS, tpoc.explicitBounds());
      assertEquals(2 * (FakeAnswer.CONTENT_PIECES.size() - 1), tpoc.count(), () -> "one gap per chunk after the first: " + tpoc);
      assertTrue(series(receiver, TTFC, failed).isEmpty() && series(receiver, TPOC, failed).isEmpty(), "no stream, no chunk timing");

      // Every GenAI point: low-cardinality attributes only; no id, no content.
      List<ReceivedMetric> genAi = receiver.metrics().stream().filter(m -> m.name().startsWith("gen_ai.")).toList();
      assertFalse(genAi.isEmpty());
      for (ReceivedMetric point : genAi) {
        assertEquals(LlmRuns.SCOPE, point.scopeName(), point::toString);
        assertTrue(ALLOWED.containsAll(point.attributes().keySet()), () -> "high-cardinality attribute on " + point);
        for (Object value : point.attributes().values()) {
          String text = String.valueOf(value);
          assertFalse(text.contains(FakeAnswer.CHAT_COMPLETION_ID) || text.contains(PROMPT) || text.contains("Hello"),
              () -> "an id or content on a metric: " + point);
        }
      }
      assertEquals(Set.of(DURATION, TOKENS, TTFC, TPOC), genAi.stream().map(ReceivedMetric::name).collect(java.util.stream.Collectors.toSet()));
    }
  }

  private static ReceivedMetric only(List<ReceivedMetric> series, String what) {
    assertEquals(1, series.size(), () -> "one series of " + what + ": " + series);
    return series.get(0);
  }
}
