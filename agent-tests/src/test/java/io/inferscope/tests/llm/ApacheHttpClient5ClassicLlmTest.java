package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.ApacheRuns.CHAT;
import static io.inferscope.tests.llm.ApacheRuns.CHAT_STREAM;
import static io.inferscope.tests.llm.ApacheRuns.CLASSIC_APP;
import static io.inferscope.tests.llm.ApacheRuns.NEWEST_5;
import static io.inferscope.tests.llm.ApacheRuns.OLDEST_5;
import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
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
 * Apache HttpClient 5's classic API ({@code CloseableHttpClient.execute}) against the fake LLM server,
 * on the oldest and newest 5.x the hooks claim: one CLIENT span per attempt, whether the application
 * reads the answer through a response handler, as a whole entity, line by line, into a buffered
 * entity, or closes it early.
 */
class ApacheHttpClient5ClassicLlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  ApacheHttpClient5ClassicLlmTest() {
    super(Transport.APACHE_HTTP_CLIENT_5);
  }

  private static ForkedJvm.Result run(OtlpReceiver receiver, String version, String url, String how, String body) {
    ForkedJvm.Result result = ApacheRuns.app(receiver, CLASSIC_APP, version, url, how, body).run().assertSuccess();
    ApacheRuns.assertRanOn(result, version);
    return result;
  }

  /** The suite runs on the newest version; these two show the hooks fit the older ones. */
  @ParameterizedTest
  @ValueSource(strings = {OLDEST_5, ApacheRuns.MIDDLE_5})
  void aChatCompletionThroughAResponseHandlerIsOneClientSpanWithRequestResponseAndUsage(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, version, server.baseUrl() + "/v1/chat/completions", "handler", CHAT);
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      ApacheRuns.assertChatSpan(span, server.port());
      assertEquals("", span.parentSpanId(), "no application span is current: the call is a root");
      LlmRuns.assertAnswer(span, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OPENAI_FINISH_REASON,
          FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), span::toString);
      assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"), span::toString);
      assertNull(span.attr("inferscope.stream.outcome"), "a whole JSON answer is no stream");
      List<RecordedRequest> requests = server.requests();
      assertEquals(1, requests.size(), requests::toString);
      assertEquals(CHAT, requests.get(0).bodyText(), "the agent read the request body without consuming it");
      ApacheRuns.assertTraceparentNames(requests.get(0).header("traceparent"), span);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {OLDEST_5})
  void anSseStreamReadLineByLineEndsCompletedWithChunksAndUsage(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, version, server.baseUrl() + "/v1/chat/completions", "stream", CHAT_STREAM);
      Map<String, String> values = values(result);
      assertEquals("200", values.get("status"), () -> output(result));
      // role chunk + 5 content chunks + finish chunk + usage chunk + [DONE]
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 4), values.get("lines"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("CLIENT", span.kind());
      assertEquals(true, span.attributes().get("gen_ai.request.stream"), span::toString);
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      Object ttfc = span.attributes().get("gen_ai.response.time_to_first_chunk");
      assertTrue(ttfc instanceof Double && (Double) ttfc > 0, span::toString);
      LlmRuns.assertAnswer(span, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OPENAI_FINISH_REASON,
          FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals("UNSET", span.statusCode(), span::toString);
      ApacheRuns.assertTraceparentNames(server.requests().get(0).header("traceparent"), span);
    }
  }

  /**
   * HttpClient 5's default retry strategy resends a 429 carrying {@code Retry-After} once: each
   * attempt is a span, both errors with the status, both children of what the caller was doing, and
   * the application gets the last answer's bytes exactly as it would without the agent.
   */
  @Test
  void aRateLimitedCallIsOneErrorSpanPerAttemptAndTheAppSeesTheSameAnswer() {
    String limited = CHAT.replace("gpt-4o-mini", "error-429");
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = run(receiver, NEWEST_5, url, "string", limited);
      assertEquals("429", values(result).get("status"), () -> output(result));
      assertEquals(2, server.requests().size(), "the client's own retry resent the request once");
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
      assertEquals(2, spans.size(), () -> "one span per attempt: " + spans);
      for (ReceivedSpan span : spans) {
        assertEquals("ERROR", span.statusCode(), span::toString);
        assertEquals("429", span.attr("error.type"), span::toString);
        assertEquals("error-429", span.attr("gen_ai.request.model"), span::toString);
        assertEquals("", span.parentSpanId(), span::toString);
      }
      ForkedJvm.Result bare = ApacheRuns.appWithoutAgent(CLASSIC_APP, NEWEST_5, url, "string", limited).run().assertSuccess();
      assertEquals(values(bare).get("body.sha256"), values(result).get("body.sha256"), "the application saw the same error body");
    }
  }

  /** The agent reads what passes and changes nothing: the application's bytes are the same without it. */
  @Test
  void theApplicationGetsTheSameBytesWithAndWithoutTheAgent() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result whole = run(receiver, NEWEST_5, url, "string", CHAT);
      ForkedJvm.Result lines = run(receiver, NEWEST_5, url, "stream", CHAT_STREAM);
      ForkedJvm.Result bareWhole = ApacheRuns.appWithoutAgent(CLASSIC_APP, NEWEST_5, url, "string", CHAT).run().assertSuccess();
      ForkedJvm.Result bareLines = ApacheRuns.appWithoutAgent(CLASSIC_APP, NEWEST_5, url, "stream", CHAT_STREAM).run().assertSuccess();
      assertEquals(values(bareWhole).get("body.sha256"), values(whole).get("body.sha256"), () -> output(whole));
      assertEquals(values(bareLines).get("lines.sha256"), values(lines).get("lines.sha256"), () -> output(lines));
      assertEquals(2, LlmRuns.genAiSpans(receiver.spans()).size(), "the agent did observe both calls");
      List<RecordedRequest> requests = server.requests();
      assertEquals(requests.get(0).bodyText(), requests.get(2).bodyText(), "the server got the same request body");
    }
  }

  /** {@code BufferedHttpEntity} copies the body with {@code writeTo}, past the hooked stream: the tee sees it. */
  @Test
  void aBodyCopiedWithWriteToIsReadToo() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = run(receiver, OLDEST_5, url, "buffered", CHAT);
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      LlmRuns.assertAnswer(span, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OPENAI_FINISH_REASON,
          FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals("UNSET", span.statusCode(), span::toString);
      ForkedJvm.Result bare = ApacheRuns.appWithoutAgent(CLASSIC_APP, OLDEST_5, url, "buffered", CHAT).run().assertSuccess();
      assertEquals(values(bare).get("body.sha256"), values(result).get("body.sha256"), () -> output(result));
    }
  }

  @Test
  void aRequestToAnythingButAnLlmEndpointGetsNoSpanAndNoTraceHeader() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, OLDEST_5, server.baseUrl() + ApacheRuns.NOT_LLM_PATH, "string", ApacheRuns.NOT_LLM_BODY);
      assertEquals("404", values(result).get("status"), () -> output(result));
      assertEquals(List.of(), LlmRuns.genAiSpans(receiver.spans()));
      RecordedRequest request = server.requests().get(0);
      assertNull(request.header("traceparent"), "only observed requests carry the agent's trace headers");
      assertEquals(ApacheRuns.NOT_LLM_BODY, request.bodyText());
    }
  }

  /** The application's own traceparent is left as it is, and the span is still made. */
  @Test
  void anApplicationsOwnTraceparentIsLeftAlone() {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ApacheRuns.app(receiver, CLASSIC_APP, OLDEST_5, server.baseUrl() + "/v1/chat/completions", "handler", CHAT)
          .sysProp("app.header", "traceparent: " + own).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertEquals(own, server.requests().get(0).header("traceparent"));
      onlyGenAiSpan(receiver, result);
    }
  }

  /** {@code inferscope.instrumentation.apache-httpclient-5.enabled=false}: no span, no trace header, nothing read. */
  @Test
  void switchedOffTheClientIsLeftAlone() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ApacheRuns.app(receiver, CLASSIC_APP, NEWEST_5, server.baseUrl() + "/v1/chat/completions", "stream", CHAT_STREAM)
          .sysProp("inferscope.instrumentation.apache-httpclient-5.enabled", "false").run().assertSuccess();
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 4), values(result).get("lines"), () -> output(result));
      assertEquals(List.of(), LlmRuns.genAiSpans(receiver.spans()));
      assertNull(server.requests().get(0).header("traceparent"));
    }
  }

  @Test
  void onJava25TheClassicClientIsTracedWithoutWarnings() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ApacheRuns.appOnJava25(
          receiver, CLASSIC_APP, NEWEST_5, server.baseUrl() + "/v1/chat/completions", "stream", CHAT_STREAM).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertFalse(result.stderr().contains("WARNING"), result.stderr());
      assertFalse(result.stderr().contains("[inferscope] WARN"), result.stderr());
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertTrue(span.resource().get("process.runtime.version").toString().startsWith("25"), span::toString);
      ApacheRuns.assertTraceparentNames(server.requests().get(0).header("traceparent"), span);
    }
  }

  /** The client asks for gzip and decompresses above the hooks: the span reads the compressed bytes as such. */
  @Test
  void aGzippedAnswerTheClientDecompressesIsReadLikeAPlainOne() throws Exception {
    HttpServer gzip = ApacheRuns.gzipServer();
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = "http://127.0.0.1:" + gzip.getAddress().getPort() + "/v1/chat/completions";
      ForkedJvm.Result result = run(receiver, NEWEST_5, url, "string", CHAT);
      assertEquals(String.valueOf(ApacheRuns.GZIP_ANSWER.length()), values(result).get("body.length"), () -> "decompressed: " + output(result));
      ApacheRuns.assertGzipAnswer(onlyGenAiSpan(receiver, result));
    } finally {
      gzip.stop(0);
    }
  }
}
