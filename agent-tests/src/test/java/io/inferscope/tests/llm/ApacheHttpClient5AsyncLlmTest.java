package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.ApacheRuns.ASYNC_APP;
import static io.inferscope.tests.llm.ApacheRuns.CHAT;
import static io.inferscope.tests.llm.ApacheRuns.CHAT_STREAM;
import static io.inferscope.tests.llm.ApacheRuns.NEWEST_5;
import static io.inferscope.tests.llm.ApacheRuns.OLDEST_5;
import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Apache HttpClient 5's async API ({@code CloseableHttpAsyncClient.execute} with
 * {@code SimpleRequestProducer} and a {@code SimpleResponseConsumer} or a streaming
 * {@code AbstractCharResponseConsumer}) against the fake LLM server, on the oldest and newest 5.x the
 * hooks claim: one CLIENT span per attempt, and the application's {@code FutureCallback} runs in the
 * call's context (its own LLM call, made there, is the chat span's child).
 */
class ApacheHttpClient5AsyncLlmTest {
  private static ForkedJvm.Result run(OtlpReceiver receiver, String version, String url, String how, String body) {
    ForkedJvm.Result result = ApacheRuns.app(receiver, ASYNC_APP, version, url, how, body).run().assertSuccess();
    ApacheRuns.assertRanOn(result, version);
    return result;
  }

  @ParameterizedTest
  @ValueSource(strings = {OLDEST_5, ApacheRuns.MIDDLE_5, NEWEST_5})
  void aChatCompletionIsOneClientSpanAndTheCallbackRunsInItsContext(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, version, server.baseUrl() + "/v1/chat/completions", "simple", CHAT);
      Map<String, String> values = values(result);
      assertEquals("200", values.get("status"), () -> output(result));
      assertFalse(values.get("callback.thread").equals(values.get("caller.thread")), () -> "the callback ran on the client's thread: " + output(result));
      assertEquals("200", values.get("callback.embeddings"), () -> output(result));
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      ReceivedSpan span = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini");
      ApacheRuns.assertChatSpan(span, server.port());
      assertEquals("", span.parentSpanId(), "no application span is current: the call is a root");
      LlmRuns.assertAnswer(span, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OPENAI_FINISH_REASON,
          FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), span::toString);
      assertNull(span.attr("inferscope.stream.outcome"), "a whole JSON answer is no stream");
      ReceivedSpan callback = LlmRuns.onlyNamed(genAi, "embeddings callback-embedder");
      assertEquals(span.spanId(), callback.parentSpanId(), () -> "the callback's LLM call joins the call's trace: " + genAi);
      List<RecordedRequest> requests = server.requests();
      assertEquals(2, requests.size(), "the call and the callback's");
      assertEquals(CHAT, requests.get(0).bodyText(), "the agent read the request body without consuming it");
      ApacheRuns.assertTraceparentNames(requests.get(0).header("traceparent"), span);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {OLDEST_5, NEWEST_5})
  void anSseStreamConsumedAsItArrivesEndsCompletedAndTheCallbackRunsInItsContext(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, version, server.baseUrl() + "/v1/chat/completions", "stream", CHAT_STREAM);
      Map<String, String> values = values(result);
      assertEquals("200", values.get("status"), () -> output(result));
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 4), values.get("lines"), () -> output(result));
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      LlmRuns.assertStreamedChatWithCallbackChild(genAi, "chat gpt-4o-mini");
      ReceivedSpan span = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini");
      assertEquals(true, span.attributes().get("gen_ai.request.stream"), span::toString);
      Object ttfc = span.attributes().get("gen_ai.response.time_to_first_chunk");
      assertTrue(ttfc instanceof Double && (Double) ttfc > 0, span::toString);
      LlmRuns.assertAnswer(span, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OPENAI_FINISH_REASON,
          FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals("UNSET", span.statusCode(), span::toString);
      ApacheRuns.assertTraceparentNames(server.requests().get(0).header("traceparent"), span);
    }
  }

  @Test
  void anOllamaNdjsonStreamEndsCompletedWithChunks() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, NEWEST_5, server.baseUrl() + "/api/chat", "stream", ApacheRuns.OLLAMA);
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 1), values(result).get("lines"), () -> output(result));
      ReceivedSpan span = LlmRuns.onlyNamed(LlmRuns.genAiSpans(receiver.spans()), "chat llama3.2");
      assertEquals("ollama", span.attr("gen_ai.provider.name"), span::toString);
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      LlmRuns.assertAnswer(span, "llama3.2" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OLLAMA_DONE_REASON,
          FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
    }
  }

  /** The application cancels the call's future once the first line of a stream that then stalls has arrived. */
  @Test
  void aStreamWhoseFutureIsCancelledIsCancelledNotAnError() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          run(receiver, OLDEST_5, server.baseUrl() + "/v1/chat/completions", "cancel", CHAT_STREAM.replace("gpt-4o-mini", "stall"));
      assertEquals("true", values(result).get("cancelled.future"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertNull(span.attr("error.type"), span::toString);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), "the first chunk was read: " + span);
    }
  }

  /**
   * The async client's default retry strategy resends a 429 carrying {@code Retry-After} once, later,
   * on its scheduler thread: each attempt is a span, both errors with the status, the second in the
   * first one's trace (its child), and the application gets the last answer's bytes as without the agent.
   */
  @Test
  void aRateLimitedCallIsOneErrorSpanPerAttemptInOneTraceAndTheAppSeesTheSameAnswer() {
    String limited = CHAT.replace("gpt-4o-mini", "error-429");
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = run(receiver, NEWEST_5, url, "simple", limited);
      assertEquals("429", values(result).get("status"), () -> output(result));
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans()).stream().filter(s -> s.name().startsWith("chat")).toList();
      assertEquals(2, spans.size(), () -> "one span per attempt: " + spans);
      for (ReceivedSpan span : spans) {
        assertEquals("ERROR", span.statusCode(), span::toString);
        assertEquals("429", span.attr("error.type"), span::toString);
      }
      ReceivedSpan first = spans.stream().filter(s -> s.parentSpanId().isEmpty()).findFirst().orElseThrow();
      ReceivedSpan second = spans.stream().filter(s -> !s.parentSpanId().isEmpty()).findFirst().orElseThrow();
      assertEquals(first.spanId(), second.parentSpanId(), () -> "the resend stays in the call's trace: " + spans);
      ForkedJvm.Result bare = ApacheRuns.appWithoutAgent(ASYNC_APP, NEWEST_5, url, "simple", limited).run().assertSuccess();
      assertEquals(values(bare).get("body.sha256"), values(result).get("body.sha256"), "the application saw the same error body");
    }
  }

  @Test
  void theApplicationGetsTheSameBytesWithAndWithoutTheAgent() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result traced = run(receiver, NEWEST_5, url, "simple", CHAT);
      ForkedJvm.Result bare = ApacheRuns.appWithoutAgent(ASYNC_APP, NEWEST_5, url, "simple", CHAT).run().assertSuccess();
      assertEquals(values(bare).get("body.sha256"), values(traced).get("body.sha256"), () -> output(traced));
      assertEquals(values(bare).get("body.length"), values(traced).get("body.length"), () -> output(traced));
      assertEquals(1, LlmRuns.genAiSpans(receiver.spans()).stream().filter(s -> s.name().startsWith("chat")).count());
    }
  }

  @Test
  void aRequestToAnythingButAnLlmEndpointGetsNoSpanAndNoTraceHeader() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, NEWEST_5, server.baseUrl() + ApacheRuns.NOT_LLM_PATH, "simple", ApacheRuns.NOT_LLM_BODY);
      assertEquals("404", values(result).get("status"), () -> output(result));
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
      assertTrue(spans.stream().noneMatch(s -> s.name().startsWith("chat")), spans::toString);
      RecordedRequest request = server.requests().get(0);
      assertNull(request.header("traceparent"), "only observed requests carry the agent's trace headers");
      assertEquals(ApacheRuns.NOT_LLM_BODY, request.bodyText());
    }
  }

  @Test
  void onJava25TheAsyncClientIsTracedWithoutWarnings() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ApacheRuns.appOnJava25(
          receiver, ASYNC_APP, NEWEST_5, server.baseUrl() + "/v1/chat/completions", "stream", CHAT_STREAM).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertFalse(result.stderr().contains("WARNING"), result.stderr());
      assertFalse(result.stderr().contains("[inferscope] WARN"), result.stderr());
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      LlmRuns.assertStreamedChatWithCallbackChild(genAi, "chat gpt-4o-mini");
      ReceivedSpan span = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini");
      assertTrue(span.resource().get("process.runtime.version").toString().startsWith("25"), span::toString);
    }
  }
}
