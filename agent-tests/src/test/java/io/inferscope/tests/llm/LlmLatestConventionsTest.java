package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: the names of semantic-conventions-genai's
 * unreleased version replace v1.41.0's (integer top_k; token counters by type, cache use and phase
 * instead of the token-usage histogram); without it, v1.41.0 (the other LLM tests).
 */
class LlmLatestConventionsTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String MESSAGES = "{\"model\":\"claude-test\",\"max_tokens\":64,\"top_k\":40,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  private static long total(OtlpReceiver receiver, String name, Map<String, Object> attributes) {
    List<ReceivedMetric> points = series(receiver, name, attributes);
    assertEquals(1, points.size(), () -> name + " " + attributes + ": " + points);
    assertEquals("SUM", points.get(0).type(), points.get(0)::toString);
    return Math.round(points.get(0).value());
  }

  /** An Anthropic message (cache reads and writes) and an OpenAI chat (reasoning tokens), in one JVM. */
  @Test
  void theLatestConventionsCountTokensByCacheAndPhaseAndTypeTopKAsAnInteger() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.jdkSequence(receiver, server.baseUrl() + "/v1/messages", "string", MESSAGES,
              "--", server.baseUrl() + "/v1/chat/completions", "string", CHAT)
          .env("OTEL_SEMCONV_STABILITY_OPT_IN", "http, gen_ai_latest_experimental").run().assertSuccess();
      assertEquals(2, result.stdout().lines().filter(l -> l.equals("status=200")).count(), result.stdout());
      ReceivedSpan span = LlmRuns.onlyNamed(LlmRuns.genAiSpans(receiver.spans()), "chat claude-test");
      assertEquals(40L, span.attributes().get("gen_ai.request.top_k"), "an integer, as the latest conventions type it: " + span);

      assertTrue(receiver.metrics().stream().noneMatch(m -> m.name().equals("gen_ai.client.token.usage")),
          "the v1.41.0 histogram is replaced");
      long input = FakeAnswer.INPUT_TOKENS + FakeAnswer.CACHED_TOKENS + FakeAnswer.CACHE_CREATION_TOKENS;
      String tokens = "gen_ai.client.inference.tokens";
      assertEquals(input, total(receiver, tokens, ofModel("claude-test", "gen_ai.token.type", "input", "gen_ai.token.modality", "text")));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, total(receiver, tokens, ofModel("claude-test", "gen_ai.token.type", "output")));
      String byCache = "gen_ai.client.inference.input_tokens_by_cache";
      assertEquals((long) FakeAnswer.CACHED_TOKENS, total(receiver, byCache, ofModel("claude-test", "gen_ai.token.cache", "read")));
      assertEquals((long) FakeAnswer.CACHE_CREATION_TOKENS, total(receiver, byCache, ofModel("claude-test", "gen_ai.token.cache", "creation")));
      assertEquals((long) FakeAnswer.INPUT_TOKENS, total(receiver, byCache, ofModel("claude-test", "gen_ai.token.cache", "none")));
      String byPhase = "gen_ai.client.inference.output_tokens_by_phase";
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, total(receiver, byPhase, ofModel("claude-test", "gen_ai.token.phase", "response")));
      // OpenAI counts reasoning inside completion_tokens: the phases split it.
      assertEquals((long) FakeAnswer.REASONING_TOKENS, total(receiver, byPhase, ofModel("gpt-4o-mini", "gen_ai.token.phase", "reasoning")));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS - FakeAnswer.REASONING_TOKENS,
          total(receiver, byPhase, ofModel("gpt-4o-mini", "gen_ai.token.phase", "response")));
    }
  }

  /** A series' attributes: its request model and the given keys and values. */
  private static Map<String, Object> ofModel(String model, String... keysAndValues) {
    Map<String, Object> attributes = new HashMap<>(Map.of("gen_ai.request.model", model));
    for (int i = 0; i < keysAndValues.length; i += 2) {
      attributes.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return attributes;
  }

  @Test
  void byDefaultTopKIsTheV141Double() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/messages", "string", MESSAGES).run().assertSuccess();
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver);
      assertEquals(40.0, span.attributes().get("gen_ai.request.top_k"), span::toString);
      assertTrue(receiver.metrics().stream().anyMatch(m -> m.name().equals("gen_ai.client.token.usage")), "v1.41.0 by default");
    }
  }
}
