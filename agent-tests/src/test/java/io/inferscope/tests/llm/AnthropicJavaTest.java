package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.genAiSpans;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.AnthropicSdkApp;
import io.inferscope.tests.apps.AppSequence;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * anthropic-java 3.16.0 (its default OkHttp transport) against the fake LLM server speaking the
 * Messages API: one GenAI span per logical call at the SDK's boundary, retries included, as for
 * openai-java.
 */
class AnthropicJavaTest {
  private static final String APP = AnthropicSdkApp.class.getName();
  private static final String MODEL = "claude-haiku-4-5";

  @Test
  void aMessageAStreamAndAnAsyncCallAreOneSpanEachWithUsage() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String base = server.baseUrl();
      ForkedJvm.Result result = LlmRuns.anthropicApp(receiver, AppSequence.class.getName(), "0",
          APP, base, "chat", MODEL, AppSequence.SEPARATOR,
          APP, base, "stream", MODEL, AppSequence.SEPARATOR,
          APP, base, "async", MODEL).run().assertSuccess();
      assertEquals(FakeAnswer.CONTENT, values(result).get("content"), result.stdout());
      assertEquals(FakeAnswer.ANTHROPIC_MESSAGE_ID + ":200", values(result).get("async"), result.stdout());
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      List<ReceivedSpan> chats = genAi.stream().filter(s -> s.name().equals("chat " + MODEL)).toList();
      assertEquals(3, chats.size(), () -> "three calls, three spans: " + genAi);
      for (ReceivedSpan span : chats) {
        assertEquals("CLIENT", span.kind());
        assertEquals("anthropic", span.attr("gen_ai.provider.name"), span::toString);
        assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"), span::toString);
        assertEquals(FakeAnswer.ANTHROPIC_MESSAGE_ID, span.attr("gen_ai.response.id"), span::toString);
        assertEquals(List.of(FakeAnswer.ANTHROPIC_STOP_REASON), span.attributes().get("gen_ai.response.finish_reasons"), span::toString);
        assertTrue(span.longAttr("gen_ai.usage.input_tokens") > 0, span::toString);
        assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
        assertEquals("UNSET", span.statusCode(), span::toString);
      }
      ReceivedSpan stream = chats.stream().filter(s -> Boolean.TRUE.equals(s.attributes().get("gen_ai.request.stream")))
          .findFirst().orElseThrow(() -> new AssertionError("no streamed call: " + chats));
      assertEquals("completed", stream.attr("inferscope.stream.outcome"), stream::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), stream.longAttr("inferscope.stream.chunks"), stream::toString);
      ReceivedSpan callback = LlmRuns.onlyNamed(genAi, "embeddings callback-embedder");
      ReceivedSpan async = chats.stream().filter(s -> s.spanId().equals(callback.parentSpanId())).findFirst()
          .orElseThrow(() -> new AssertionError("the async call's continuation is a child of its span: " + genAi));
      assertEquals(async.traceId(), callback.traceId());
      LlmRuns.assertNoSecret(receiver, result);
    }
  }

  @Test
  void retriesAreAttemptsOfOneSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.anthropicApp(receiver, APP, server.baseUrl(), "chat", "error-429", "2").run().assertSuccess();
      assertEquals("com.anthropic.errors.RateLimitException", values(result).get("caught"), result.stdout());
      assertEquals(3, server.requests().size(), "the SDK tried three times");
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      assertEquals(1, genAi.size(), () -> "three HTTP attempts, one logical call: " + genAi);
      ReceivedSpan span = genAi.get(0);
      assertEquals("429", span.attr("error.type"), span::toString);
      for (var request : server.requests()) {
        assertTrue(String.valueOf(request.header("traceparent")).startsWith("00-" + span.traceId() + "-" + span.spanId() + "-"),
            () -> "every attempt names the call's span: " + request.header("traceparent") + " " + span);
      }
    }
  }

  @Test
  void anAsyncStreamIsOneSpanEndingWithTheStreamAndItsHandlerJoinsTheTrace() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.anthropicApp(receiver, APP, server.baseUrl(), "async-stream", MODEL).run().assertSuccess();
      assertEquals("ok:200", values(result).get("completed"), result.stdout());
      LlmRuns.assertStreamedChatWithCallbackChild(genAiSpans(receiver.spans()), "chat " + MODEL);
    }
  }
}
