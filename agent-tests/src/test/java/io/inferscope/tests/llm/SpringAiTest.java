package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.genAiSpans;
import static io.inferscope.tests.llm.LlmRuns.onlyNamed;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.SpringAiApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spring AI's OpenAI module (1.0.0, the oldest 1.x that resolves, and 1.1.2), built without Spring
 * Boot and with only its own dependencies, so that its RestClient and its WebClient both run on the JDK
 * HttpClient, against the fake LLM server. Each {@code call}, {@code stream} and embedding call is one
 * GenAI span with what the request asked and the answer said.
 */
class SpringAiTest {
  private static final String APP = SpringAiApp.class.getName();
  static final String MODEL = "gpt-4o-mini";
  private static final String OLDEST = "1.0.0";
  static final String NEWEST = "1.1.2";

  private static ForkedJvm app(ForkedJvm jvm, OtlpReceiver receiver, String version, String... args) {
    return app(jvm, receiver, springAi(version), args);
  }

  /** The Spring AI app with the agent, exporting to {@code receiver}, on the class path {@code jars}. */
  static ForkedJvm app(ForkedJvm jvm, OtlpReceiver receiver, Path[] jars, String... args) {
    return AgentApps.exportingTo(jvm.withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
        .mainClass(APP).classpath(jars).args(args);
  }

  private static ForkedJvm.Result run(FakeLlmServer server, OtlpReceiver receiver, String version, String... modeAndModel) {
    String[] args = new String[modeAndModel.length + 1];
    args[0] = server.baseUrl();
    System.arraycopy(modeAndModel, 0, args, 1, modeAndModel.length);
    ForkedJvm.Result result = app(ForkedJvm.java17(), receiver, version, args).run().assertSuccess();
    assertEquals("false", values(result).get("reactor-netty"), "only Spring AI's own dependencies");
    return result;
  }

  /** The jars of Spring AI {@code version}, as the build copied them. */
  static Path[] springAi(String version) {
    return LlmRuns.jarsIn("inferscope.spring-ai.libs", version);
  }

  /**
   * Every request went over the JDK HttpClient (RestClient's and WebClient's connectors both fall back
   * to it): only it offers HTTP/2 to a cleartext server by upgrade, with an {@code HTTP2-Settings} header.
   */
  private static void assertSentByTheJdkClient(FakeLlmServer server) {
    for (RecordedRequest request : server.requests()) {
      assertEquals("h2c", request.header("upgrade"), () -> request + " headers " + request.headers());
      assertTrue(request.header("http2-settings") != null, () -> request + " headers " + request.headers());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {OLDEST, NEWEST})
  void aChatCallIsOneSpanWithItsRequestAndAnswer(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, version, "chat", MODEL);
      assertSentByTheJdkClient(server);
      assertChatCall(receiver, result);
    }
  }

  /** The app's {@code chat} run: it read the answer, and its call is one span with the request and the answer. */
  static ReceivedSpan assertChatCall(OtlpReceiver receiver, ForkedJvm.Result result) {
    assertEquals(FakeAnswer.CONTENT, values(result).get("content"), () -> output(result));
    ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
    assertEquals("chat " + MODEL, span.name());
    assertEquals(MODEL, span.attr("gen_ai.request.model"), span::toString);
    assertEquals(false, span.attributes().get("gen_ai.request.stream"), span::toString);
    LlmRuns.assertAnswer(span, MODEL + FakeAnswer.RESPONSE_MODEL_SUFFIX, "stop", FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
    assertEquals(String.valueOf(FakeAnswer.OUTPUT_TOKENS), values(result).get("output.tokens"), "the app's own view is unchanged");
    assertEquals("UNSET", span.statusCode(), span::toString);
    LlmRuns.assertNoSecretAnywhere(receiver, result);
    return span;
  }

  /**
   * {@code stream()} returns a Flux before anything is sent; the app subscribes on another thread. The
   * span covers the whole stream, and an operator downstream of the Flux runs in the call's trace: the
   * LLM call it makes is the chat span's child.
   */
  @ParameterizedTest
  @ValueSource(strings = {OLDEST, NEWEST})
  void aStreamReadToItsEndIsOneSpanAndDownstreamOperatorsJoinItsTrace(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, version, "stream", MODEL);
      assertSentByTheJdkClient(server);
      assertStreamReadWhole(receiver, result);
    }
  }

  /**
   * The app's {@code stream} run: it read the whole answer, the chat is one span ended completed with
   * its chunks and answer, and the downstream operator's own call is its child. Returns the chat's span.
   */
  static ReceivedSpan assertStreamReadWhole(OtlpReceiver receiver, ForkedJvm.Result result) {
    Map<String, String> seen = values(result);
    assertEquals(FakeAnswer.CONTENT, seen.get("content"), () -> output(result));
    assertTrue(seen.get("callback").endsWith(":200"), () -> output(result));
    List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
    assertEquals(2, genAi.size(), () -> "the chat and the downstream operator's own call: " + genAi + output(result));
    LlmRuns.assertStreamedChatWithCallbackChild(genAi, "chat " + MODEL);
    ReceivedSpan chat = onlyNamed(genAi, "chat " + MODEL);
    assertEquals(true, chat.attributes().get("gen_ai.request.stream"), chat::toString);
    assertEquals(MODEL, chat.attr("gen_ai.request.model"), chat::toString);
    LlmRuns.assertAnswer(chat, MODEL + FakeAnswer.RESPONSE_MODEL_SUFFIX, "stop", FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
    return chat;
  }

  /** A subscriber that takes two answers and cancels ends the call's span as cancelled, once. */
  @ParameterizedTest
  @ValueSource(strings = {OLDEST, NEWEST})
  void aStreamCancelledAfterTwoChunksEndsItsSpanAsCancelled(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      assertCancelledStream(receiver, run(server, receiver, version, "stream-cancel", MODEL));
    }
  }

  /** The app's {@code stream-cancel} run: it took two answers, and the call is one span ended as cancelled, not as an error. */
  static ReceivedSpan assertCancelledStream(OtlpReceiver receiver, ForkedJvm.Result result) {
    assertEquals("2", values(result).get("taken"), () -> output(result));
    ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
    assertEquals("chat " + MODEL, span.name());
    assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals(true, span.attributes().get("gen_ai.request.stream"), span::toString);
    assertFalse(span.attributes().containsKey("error.type"), span::toString);
    return span;
  }

  @ParameterizedTest
  @ValueSource(strings = {OLDEST, NEWEST})
  void anEmbeddingCallIsOneSpan(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, version, "embeddings", "text-embedding-3-small");
      assertEquals(String.valueOf(FakeAnswer.EMBEDDING_DIMENSION), values(result).get("dimension"), () -> output(result));
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
      assertEquals("embeddings text-embedding-3-small", span.name());
      assertEquals("text-embedding-3-small", span.attr("gen_ai.request.model"), span::toString);
      assertEquals((long) FakeAnswer.EMBEDDING_DIMENSION, span.longAttr("gen_ai.embeddings.dimension.count"), span::toString);
    }
  }

  /** Spring AI's RetryTemplate resends a 500 (a transient error): three HTTP attempts, one logical call. */
  @ParameterizedTest
  @ValueSource(strings = {OLDEST, NEWEST})
  void retriesAreAttemptsOfOneSpan(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ReceivedSpan span = failedCall(server, receiver, version, "error-500", "org.springframework.ai.retry.TransientAiException", 3);
      assertEquals("chat error-500", span.name());
      for (RecordedRequest request : server.requests()) {
        assertTrue(request.header("traceparent").contains(span.spanId()), () -> "every attempt names the call's span: " + request);
      }
    }
  }

  /** A request Spring AI does not retry (400) fails the call, as the app sees it fail. */
  @ParameterizedTest
  @ValueSource(strings = {OLDEST, NEWEST})
  void aFailedCallIsAnErrorSpan(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      failedCall(server, receiver, version, "error-400", "org.springframework.ai.retry.NonTransientAiException", 1);
    }
  }

  /**
   * A chat whose every attempt fails with the status {@code model} names, allowed three attempts: the app
   * caught {@code caught} after {@code attempts} requests, and its one span is an error with that status.
   */
  private static ReceivedSpan failedCall(
      FakeLlmServer server, OtlpReceiver receiver, String version, String model, String caught, int attempts) {
    ForkedJvm.Result result = run(server, receiver, version, "chat", model, "3");
    assertEquals(caught, values(result).get("caught"), () -> output(result));
    assertEquals(attempts, server.requests().size(), "requests Spring AI made");
    ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
    assertEquals("ERROR", span.statusCode(), span::toString);
    assertEquals(model.substring("error-".length()), span.attr("error.type"), span::toString);
    return span;
  }

  /** A stream the server refuses errors the Flux, and ends its span as an error. */
  @Test
  void aFailedStreamIsAnErrorSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, NEWEST, "stream", "error-500");
      assertTrue(values(result).get("caught").startsWith("org.springframework.web.reactive.function.client.WebClientResponseException"),
          () -> output(result));
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      ReceivedSpan span = onlyNamed(genAi, "chat error-500");
      assertEquals(1, genAi.size(), genAi::toString);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("500", span.attr("error.type"), span::toString);
    }
  }

  @Test
  void onJava25AStreamIsOneSpanWithoutWarnings() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          app(ForkedJvm.java25(), receiver, NEWEST, server.baseUrl(), "stream-cancel", MODEL).run().assertSuccess();
      assertEquals("2", values(result).get("taken"), () -> output(result));
      assertFalse(result.stderr().contains("[inferscope] WARN"), result.stderr());
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
      assertEquals("chat " + MODEL, span.name());
      assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
      assertTrue(span.resource().get("process.runtime.version").toString().startsWith("25"), span::toString);
    }
  }

  /** Switched off, Spring AI's calls are seen at the HTTP layer only: one span per attempt. */
  @Test
  void switchedOffEachAttemptIsItsOwnSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(ForkedJvm.java17(), receiver, NEWEST, server.baseUrl(), "chat", "error-500", "2")
          .sysProp("inferscope.instrumentation.spring-ai.enabled", "false").run().assertSuccess();
      assertEquals(2, server.requests().size(), () -> output(result));
      assertEquals(2, genAiSpans(receiver.spans()).size(), () -> "two attempts, two spans: " + receiver.spans());
    }
  }
}
