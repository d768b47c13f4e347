package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.genAiSpans;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.AppSequence;
import io.inferscope.tests.apps.OpenAiSdkApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** openai-java 4.101.0 (OkHttp transport) against the fake LLM server: one GenAI span per logical call. */
class OpenAiJavaTest {
  private static final String APP = OpenAiSdkApp.class.getName();
  private static final String MODEL = "gpt-4o-mini";

  private static ForkedJvm.Result run(FakeLlmServer server, OtlpReceiver receiver, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = server.baseUrl();
    System.arraycopy(args, 0, all, 1, args.length);
    return LlmRuns.sdkApp(receiver, APP, all).run().assertSuccess();
  }

  @Test
  void aChatCompletionIsOneSpanWithUsage() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "chat", MODEL);
      assertEquals(FakeAnswer.CONTENT, values(result).get("content"), result.stdout());
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
      assertEquals("chat " + MODEL, span.name());
      assertEquals("CLIENT", span.kind());
      assertEquals("openai", span.attr("gen_ai.provider.name"));
      assertEquals(0.2, span.attributes().get("gen_ai.request.temperature"));
      assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"));
      assertEquals(MODEL + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      LlmRuns.assertNoSecret(receiver, result);
    }
  }

  @Test
  void aStreamIsOneSpanEndingWithTheStream() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "stream", MODEL);
      assertTrue(Integer.parseInt(values(result).get("chunks")) >= FakeAnswer.CONTENT_PIECES.size(), result.stdout());
      ReceivedSpan span = LlmRuns.onlyNamed(genAiSpans(receiver.spans()), "chat " + MODEL);
      assertEquals(true, span.attributes().get("gen_ai.request.stream"));
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  @Test
  void retriesAreAttemptsOfOneSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "chat", "error-429", "2");
      assertEquals("com.openai.errors.RateLimitException", values(result).get("caught"), result.stdout());
      assertEquals(3, server.requests().size(), "the SDK tried three times");
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      assertEquals(1, genAi.size(), () -> "three HTTP attempts, one logical call: " + genAi);
      ReceivedSpan span = genAi.get(0);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("429", span.attr("error.type"), span::toString);
      for (var request : server.requests()) {
        assertTrue(String.valueOf(request.header("traceparent")).startsWith("00-" + span.traceId() + "-" + span.spanId() + "-"),
            () -> "every attempt names the call's span: " + request.header("traceparent") + " " + span);
      }
    }
  }

  @Test
  void anAsyncCallsContinuationJoinsItsTrace() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "async", MODEL);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID + ":200", values(result).get("async"), result.stdout());
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      ReceivedSpan chat = LlmRuns.onlyNamed(genAi, "chat " + MODEL);
      ReceivedSpan callback = LlmRuns.onlyNamed(genAi, "embeddings callback-embedder");
      assertEquals(chat.traceId(), callback.traceId(), () -> "the continuation's call is in the same trace: " + genAi);
      assertEquals(chat.spanId(), callback.parentSpanId(), () -> "and a child of the async call: " + genAi);
    }
  }

  @Test
  void anAsyncStreamIsOneSpanEndingWithTheStreamAndItsHandlerJoinsTheTrace() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "async-stream", MODEL);
      assertEquals("ok:200", values(result).get("completed"), result.stdout());
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      LlmRuns.assertStreamedChatWithCallbackChild(genAi, "chat " + MODEL);
    }
  }

  /** Embeddings, the Responses API and legacy completions, one after the other in one JVM. */
  @Test
  void embeddingsResponsesAndCompletionsAreTracedToo() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String base = server.baseUrl();
      ForkedJvm.Result result = LlmRuns.sdkApp(receiver, AppSequence.class.getName(), "0",
          APP, base, "embeddings", "text-embedding-3-small", AppSequence.SEPARATOR,
          APP, base, "responses", MODEL, AppSequence.SEPARATOR,
          APP, base, "completions", "gpt-3.5-turbo-instruct").run().assertSuccess();
      assertEquals("1", values(result).get("embeddings"), result.stdout());
      assertEquals(FakeAnswer.RESPONSE_ID, values(result).get("response"), result.stdout());
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      assertEquals(3, genAi.size(), genAi::toString);
      ReceivedSpan span = LlmRuns.onlyNamed(genAi, "embeddings text-embedding-3-small");
      assertEquals((long) FakeAnswer.EMBEDDING_DIMENSION, span.longAttr("gen_ai.embeddings.dimension.count"), span::toString);
      ReceivedSpan response = LlmRuns.onlyNamed(genAi, "chat " + MODEL);
      assertEquals(FakeAnswer.RESPONSE_ID, response.attr("gen_ai.response.id"), response::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, response.longAttr("gen_ai.usage.output_tokens"), response::toString);
      ReceivedSpan completion = LlmRuns.onlyNamed(genAi, "text_completion gpt-3.5-turbo-instruct");
      assertEquals(values(result).get("completion"), completion.attr("gen_ai.response.id"), completion::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, completion.longAttr("gen_ai.usage.output_tokens"), completion::toString);
    }
  }
}
