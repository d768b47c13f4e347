package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental: the names of semantic-conventions-genai's
 * main branch replace v1.41.0's (integer top_k; token usage counters, totals and their cache and reasoning
 * parts, and per-call token histograms instead of the token-usage histogram; the time metrics named
 * gen_ai.client.inference.*); without it, v1.41.0 (the other LLM tests).
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
  void theLatestConventionsCountUsageInCountersAndTimeInferenceAndTypeTopKAsAnInteger() {
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
      String usage = "gen_ai.client.inference.usage.";
      assertEquals(input, total(receiver, usage + "input_tokens", ofModel("claude-test", "gen_ai.token.modality", "text")));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, total(receiver, usage + "output_tokens", ofModel("claude-test")));
      // The cache and reasoning counters count parts of the totals, in addition to them.
      assertEquals((long) FakeAnswer.CACHED_TOKENS, total(receiver, usage + "cache_read.input_tokens", ofModel("claude-test")));
      assertEquals((long) FakeAnswer.CACHE_CREATION_TOKENS, total(receiver, usage + "cache_write.input_tokens", ofModel("claude-test")));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, total(receiver, usage + "output_tokens", ofModel("gpt-4o-mini")));
      assertEquals((long) FakeAnswer.REASONING_TOKENS, total(receiver, usage + "reasoning.output_tokens", ofModel("gpt-4o-mini")));
      assertTrue(series(receiver, usage + "reasoning.output_tokens", ofModel("claude-test")).isEmpty(), "no reasoning reported, none counted");
      List<ReceivedMetric> perCall = series(receiver, "gen_ai.client.inference.operation.input_tokens", ofModel("claude-test"));
      assertEquals(1, perCall.size(), perCall::toString);
      assertEquals("HISTOGRAM", perCall.get(0).type());
      assertEquals(1, perCall.get(0).count(), "one point per call");
      assertEquals(input, Math.round(perCall.get(0).sum()));
      assertFalse(perCall.get(0).attributes().containsKey("gen_ai.token.modality"), "no modality on the per-call histogram");
      // Time metrics named for inference; none under v1.41.0's names.
      assertFalse(series(receiver, "gen_ai.client.inference.duration", ofModel("gpt-4o-mini")).isEmpty(), () -> names(receiver).toString());
      assertTrue(receiver.metrics().stream().noneMatch(m -> m.name().startsWith("gen_ai.client.operation.")), () -> names(receiver).toString());
    }
  }

  private static Set<String> names(OtlpReceiver receiver) {
    return receiver.metrics().stream().map(ReceivedMetric::name).collect(Collectors.toCollection(TreeSet::new));
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
      assertTrue(receiver.metrics().stream().anyMatch(m -> m.name().equals("gen_ai.client.operation.duration")), () -> names(receiver).toString());
      assertTrue(receiver.metrics().stream().noneMatch(m -> m.name().startsWith("gen_ai.client.inference.")), () -> names(receiver).toString());
    }
  }
}
