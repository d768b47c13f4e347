package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.genAiSpans;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.GoogleGenAiApp;
import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.apps.LlmCallback;
import io.inferscope.tests.llm.fake.Behaviour;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Google's Gen AI SDK ({@code com.google.genai:google-genai}; the oldest tested and the newest here,
 * each in its own JVM, on its default OkHttp transport) against the fake LLM server speaking Gemini:
 * one GenAI span per model request at the SDK's boundary, its retries included.
 */
class GoogleGenAiTest {
  private static final String APP = GoogleGenAiApp.class.getName();
  private static final String MODEL = "gemini-2.0-flash";
  private static final String EMBED_MODEL = "text-embedding-004";
  /**
   * The async calls' model: answered 500 ms late, so that the application has attached its continuation
   * before the future completes (else it runs on the application's thread, in its own context, as it should).
   */
  private static final String LATE_MODEL = Behaviour.LATE.modelName;
  private static final String ALL_MODES = "generate,stream,stream-close,embed,async,async-stream,async-embed";

  /** The app on the jars of {@code version} ("oldest" or "newest"), with the agent, on Java 17 unless given. */
  private static ForkedJvm app(ForkedJvm jvm, String version, OtlpReceiver receiver, String... args) {
    return AgentApps.exportingTo(jvm.withAgent().classpathFromTest(), receiver, AgentApps.HTTP).mainClass(APP)
        .classpath(LlmRuns.jarsIn("inferscope.google-genai." + version + ".libs")).args(args);
  }

  private static ForkedJvm app(String version, OtlpReceiver receiver, String... args) {
    return app(ForkedJvm.java17(), version, receiver, args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"oldest", "newest"})
  void everyEntryPointIsOneSpanWithTheAnswer(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(version, receiver, server.baseUrl(), "gemini", MODEL, "1", ALL_MODES, EMBED_MODEL, LATE_MODEL)
          .run().assertSuccess();
      assertEverySdkEntryPoint(server, receiver, result, "gcp.gemini", "/models/");
    }
  }

  @Test
  void vertexAiIsMatchedToo() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app("newest", receiver, server.baseUrl(), "vertex", MODEL, "1", ALL_MODES, EMBED_MODEL, LATE_MODEL)
          .run().assertSuccess();
      assertEverySdkEntryPoint(server, receiver, result, "gcp.vertex_ai", "/publishers/google/models/");
      assertTrue(server.requests().stream().anyMatch(r -> r.path().endsWith("/models/" + EMBED_MODEL + ":predict")),
          () -> "Vertex AI embeds through :predict: " + server.requests());
    }
  }

  @Test
  void onJava25() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(ForkedJvm.java25(), "newest", receiver, server.baseUrl(), "gemini", MODEL, "1", ALL_MODES, EMBED_MODEL, LATE_MODEL)
          .run().assertSuccess();
      assertEverySdkEntryPoint(server, receiver, result, "gcp.gemini", "/models/");
    }
  }

  /**
   * The SDK's retries (its HttpRetryOptions: 429 and 503 are retried) are attempts of one span, which
   * ends with the last attempt's error; a 400 is not retried. Every attempt carries the call's span as
   * its parent.
   */
  @ParameterizedTest
  @ValueSource(strings = {"oldest", "newest"})
  void retriesAreAttemptsOfOneSpan(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(version, receiver, server.baseUrl(), "gemini", "error-429", "3", "generate,async").run().assertSuccess();
      ForkedJvm.Result streamed = app(version, receiver, server.baseUrl(), "gemini", "error-503", "3", "stream").run().assertSuccess();
      ForkedJvm.Result invalid = app(version, receiver, server.baseUrl(), "gemini", "error-400", "3", "generate").run().assertSuccess();
      assertTrue(values(result).get("generate.caught").endsWith(":429"), () -> output(result));
      assertTrue(values(result).get("async.caught").endsWith(":429"), () -> output(result));
      assertTrue(values(streamed).get("stream.caught").endsWith(":503"), () -> output(streamed));
      assertTrue(values(invalid).get("generate.caught").endsWith(":400"), () -> output(invalid));
      assertEquals(3 + 3 + 3 + 1, server.requests().size(), () -> "three attempts each, none for the 400: " + server.requests());
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      assertEquals(4, genAi.size(), () -> "ten HTTP attempts, four logical calls: " + genAi);
      assertEquals(2, genAi.stream().filter(s -> s.name().equals("generate_content error-429")).count(), genAi::toString);
      for (ReceivedSpan span : genAi) {
        assertEquals("ERROR", span.statusCode(), span::toString);
        assertEquals("gcp.gemini", span.attr("gen_ai.provider.name"), span::toString);
      }
      ReceivedSpan stream = LlmRuns.onlyNamed(genAi, "generate_content error-503");
      assertEquals(true, stream.attributes().get("gen_ai.request.stream"), stream::toString);
      String rateLimited = genAi.stream().filter(s -> s.name().equals("generate_content error-429")).findFirst().orElseThrow().attr("error.type");
      assertEquals("429", rateLimited);
      assertEquals("503", stream.attr("error.type"), stream::toString);
      assertEquals("400", LlmRuns.onlyNamed(genAi, "generate_content error-400").attr("error.type"));
      for (RecordedRequest request : server.requests()) {
        String model = request.path().substring(request.path().lastIndexOf('/') + 1, request.path().indexOf(':'));
        List<ReceivedSpan> ofModel = genAi.stream().filter(s -> s.name().endsWith(" " + model)).toList();
        String parent = request.header("traceparent");
        assertTrue(ofModel.stream().anyMatch(s -> String.valueOf(parent).startsWith("00-" + s.traceId() + "-" + s.spanId() + "-")),
            () -> "every attempt names its call's span: " + parent + " " + ofModel);
      }
      for (ForkedJvm.Result r : List.of(result, streamed, invalid)) {
        LlmRuns.assertNoSecretAnywhere(receiver, r);
      }
    }
  }

  /**
   * A call that fails twice and succeeds on the SDK's third attempt is one span with the answer: the
   * attempts whose answers the SDK's retry interceptor closed unread do not end it.
   */
  @ParameterizedTest
  @ValueSource(strings = {"oldest", "newest"})
  void aRetryThatSucceedsIsOneSpanWithTheAnswer(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      server.failNext(2, Behaviour.ERROR_503);
      ForkedJvm.Result result = app(version, receiver, server.baseUrl(), "gemini", MODEL, "3", "generate").run().assertSuccess();
      server.failNext(2, Behaviour.ERROR_429);
      ForkedJvm.Result streamed = app(version, receiver, server.baseUrl(), "gemini", MODEL, "3", "stream").run().assertSuccess();
      assertEquals(FakeAnswer.CONTENT, values(result).get("generate.content"), () -> output(result));
      assertEquals(FakeAnswer.CONTENT, values(streamed).get("stream.content"), () -> output(streamed));
      assertEquals(6, server.requests().size(), () -> "three attempts each: " + server.requests());
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      assertEquals(2, genAi.size(), () -> "six HTTP attempts, two logical calls: " + genAi);
      for (ReceivedSpan span : genAi) {
        LlmRuns.assertAnswer(span, MODEL + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.GEMINI_FINISH_REASON,
            FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS + FakeAnswer.REASONING_TOKENS);
        assertEquals("UNSET", span.statusCode(), span::toString);
        assertFalse(span.attributes().containsKey("error.type"), span::toString);
      }
      ReceivedSpan stream = genAi.stream().filter(s -> Boolean.TRUE.equals(s.attributes().get("gen_ai.request.stream"))).findFirst()
          .orElseThrow(() -> new AssertionError("no stream: " + genAi));
      assertEquals("completed", stream.attr("inferscope.stream.outcome"), stream::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), stream.longAttr("inferscope.stream.chunks"), stream::toString);
    }
  }

  /**
   * Switched off, the SDK's calls are still traced at the HTTP layer, without the SDK's boundary: the
   * SDK retries inside one OkHttp call (an interceptor), so each call is still one span, with the
   * last attempt's error; the continuation of an async call no longer runs in the call's context.
   */
  @Test
  void switchedOffTheHttpLayerStillTracesEachCall() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app("newest", receiver, server.baseUrl(), "gemini", "error-429", "3", "generate")
          .sysProp("inferscope.instrumentation.google-genai.enabled", "false").run().assertSuccess();
      assertTrue(result.stderr().contains("openai-java, anthropic-java, aws-bedrock, spring-ai, langchain4j]; "), () -> output(result));
      assertTrue(values(result).get("generate.caught").endsWith(":429"), () -> output(result));
      assertEquals(3, server.requests().size(), () -> output(result));
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
      assertEquals("429", span.attr("error.type"), span::toString);
      assertEquals("ERROR", span.statusCode(), span::toString);
    }
  }

  private static void assertEverySdkEntryPoint(
      FakeLlmServer server, OtlpReceiver receiver, ForkedJvm.Result result, String provider, String pathPart) {
    Map<String, String> seen = values(result);
    assertEquals(FakeAnswer.CONTENT, seen.get("generate.content"), () -> output(result));
    assertEquals(FakeAnswer.CONTENT, seen.get("stream.content"), () -> output(result));
    assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size()), seen.get("stream.chunks"), () -> output(result));
    assertEquals(FakeAnswer.CONTENT_PIECES.get(0), seen.get("stream-close.first"), () -> output(result));
    assertEquals(String.valueOf(FakeAnswer.EMBEDDING_DIMENSION), seen.get("embed.dimension"), () -> output(result));
    assertEquals(String.valueOf(FakeAnswer.EMBEDDING_DIMENSION), seen.get("async-embed.dimension"), () -> output(result));
    assertEquals(FakeAnswer.CONTENT + ":200", seen.get("async.seen"), () -> output(result));
    assertEquals(FakeAnswer.CONTENT + ":200", seen.get("async-stream.seen"), () -> output(result));

    // Seven SDK calls, seven requests: the two continuations' own calls go to /v1/embeddings.
    List<RecordedRequest> sdkRequests = server.requests().stream().filter(r -> !r.path().endsWith("/v1/embeddings")).toList();
    assertTrue(sdkRequests.stream().allMatch(r -> r.path().contains(pathPart)), () -> "" + sdkRequests);
    assertEquals(7, sdkRequests.size(), () -> "" + server.requests());
    for (RecordedRequest request : sdkRequests) {
      assertEquals(JdkHttpLlmApp.API_KEY, request.header("x-goog-api-key"), "the SDK sent its key, which must appear nowhere else");
    }
    List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
    assertEquals(9, genAi.size(), () -> "seven SDK calls and two callbacks: " + genAi);
    List<ReceivedSpan> generated = genAi.stream().filter(s -> s.name().startsWith("generate_content ")).toList();
    assertEquals(5, generated.size(), genAi::toString);
    assertEquals(2, generated.stream().filter(s -> s.name().equals("generate_content " + LATE_MODEL)).count(), genAi::toString);
    for (ReceivedSpan span : generated) {
      String model = span.attr("gen_ai.request.model");
      assertEquals("generate_content " + model, span.name());
      assertTrue(model.equals(MODEL) || model.equals(LATE_MODEL), span::toString);
      assertEquals("CLIENT", span.kind());
      assertEquals(provider, span.attr("gen_ai.provider.name"), span::toString);
      assertEquals("generate_content", span.attr("gen_ai.operation.name"), span::toString);
      assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"), span::toString);
      assertEquals(0.5, span.attributes().get("gen_ai.request.temperature"), span::toString);
      assertEquals(FakeAnswer.GEMINI_RESPONSE_ID, span.attr("gen_ai.response.id"), span::toString);
      assertEquals(model + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
      assertEquals("127.0.0.1", span.attr("server.address"), span::toString);
    }
    List<ReceivedSpan> answered = generated.stream().filter(s -> !"cancelled".equals(s.attr("inferscope.stream.outcome"))).toList();
    assertEquals(4, answered.size(), generated::toString);
    for (ReceivedSpan span : answered) {
      assertEquals(List.of(FakeAnswer.GEMINI_FINISH_REASON), span.attributes().get("gen_ai.response.finish_reasons"), span::toString);
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS + FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
    List<ReceivedSpan> streams = generated.stream().filter(s -> Boolean.TRUE.equals(s.attributes().get("gen_ai.request.stream"))).toList();
    assertEquals(3, streams.size(), () -> "stream, stream-close, async-stream: " + generated);
    assertEquals(2, streams.stream().filter(s -> "completed".equals(s.attr("inferscope.stream.outcome"))
        && s.longAttr("inferscope.stream.chunks") == FakeAnswer.CONTENT_PIECES.size()).count(), streams::toString);
    ReceivedSpan closed = streams.stream().filter(s -> "cancelled".equals(s.attr("inferscope.stream.outcome"))).findFirst()
        .orElseThrow(() -> new AssertionError("the stream closed early ends as cancelled: " + streams));
    assertTrue(closed.longAttr("inferscope.stream.chunks") < FakeAnswer.CONTENT_PIECES.size(), closed::toString);
    assertNull(closed.attributes().get("gen_ai.usage.output_tokens"), () -> "usage comes last, never read: " + closed);

    List<ReceivedSpan> embeddings = genAi.stream().filter(s -> s.name().equals("embeddings " + EMBED_MODEL)).toList();
    assertEquals(2, embeddings.size(), genAi::toString);
    for (ReceivedSpan span : embeddings) {
      assertEquals(provider, span.attr("gen_ai.provider.name"), span::toString);
      assertEquals((long) FakeAnswer.EMBEDDING_DIMENSION, span.longAttr("gen_ai.embeddings.dimension.count"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
    // The async calls' continuations ran in their call's context: their own LLM calls are children.
    List<ReceivedSpan> callbacks = genAi.stream().filter(s -> s.name().equals("embeddings " + LlmCallback.MODEL)).toList();
    assertEquals(2, callbacks.size(), genAi::toString);
    for (ReceivedSpan callback : callbacks) {
      ReceivedSpan parent = generated.stream().filter(s -> s.name().endsWith(LATE_MODEL))
          .filter(s -> s.spanId().equals(callback.parentSpanId())).findFirst()
          .orElseThrow(() -> new AssertionError("an async call's continuation is a child of its span: " + genAi));
      assertEquals(parent.traceId(), callback.traceId());
      assertFalse(parent.attributes().containsKey("error.type"), parent::toString);
    }
    LlmRuns.assertNoSecretAnywhere(receiver, result);
  }
}
