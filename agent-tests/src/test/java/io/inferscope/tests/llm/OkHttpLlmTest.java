package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.okHttpApp;
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
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The HTTP-layer fallback on OkHttp 4.12 (openai-java's transport) against the fake LLM server:
 * one CLIENT span per call, whether the application executes or enqueues, reads the body as a
 * string, line by line, partly, or not at all.
 */
class OkHttpLlmTest {
  /** Every request parameter the agent maps to a gen_ai.request.* attribute. */
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":64,"
      + "\"frequency_penalty\":0.5,\"presence_penalty\":0.25,\"stop\":[\"END\",\"STOP\"],\"seed\":42,"
      + "\"response_format\":{\"type\":\"json_object\"},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String CHAT_STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  /** The same with two choices asked for: the one parameter whose attribute is left out at its default (1). */
  private static final String CHAT_TWO_CHOICES = CHAT.replace("\"seed\":42,", "\"seed\":42,\"n\":2,");

  private static String chatFor(String model) {
    return CHAT.replace("gpt-4o-mini", model);
  }

  private static String streamFor(String model) {
    return CHAT_STREAM.replace("gpt-4o-mini", model);
  }

  /**
   * A one-shot request body (it can be written once only) is never read by the agent: the server gets
   * it whole, from OkHttp's one write, and the span knows the call from its endpoint and answer only.
   */
  @Test
  void aOneShotRequestBodyIsLeftAlone() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "one-shot-body", CHAT)
          .run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      assertEquals(CHAT, server.requests().get(0).bodyText(), "the server got the whole body");
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertFalse(span.attributes().containsKey("gen_ai.request.model"), () -> "the body was not read: " + span);
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
    }
  }

  @Test
  void aChatCompletionIsOneClientSpanWithEveryRequestResponseAndUsageAttribute() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "string", CHAT_TWO_CHOICES).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat gpt-4o-mini", span.name());
      assertEquals("CLIENT", span.kind());
      assertEquals("", span.parentSpanId(), "no application span is current: the call is a root");
      assertEquals("chat", span.attr("gen_ai.operation.name"));
      assertEquals("openai", span.attr("gen_ai.provider.name"));
      assertEquals("gpt-4o-mini", span.attr("gen_ai.request.model"));
      assertEquals(0.2, span.attributes().get("gen_ai.request.temperature"), span::toString);
      assertEquals(0.9, span.attributes().get("gen_ai.request.top_p"), span::toString);
      assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"));
      assertEquals(0.5, span.attributes().get("gen_ai.request.frequency_penalty"), span::toString);
      assertEquals(0.25, span.attributes().get("gen_ai.request.presence_penalty"), span::toString);
      assertEquals(List.of("END", "STOP"), span.attributes().get("gen_ai.request.stop_sequences"), span::toString);
      assertEquals(42L, span.longAttr("gen_ai.request.seed"));
      assertEquals("json", span.attr("gen_ai.output.type"), span::toString);
      assertEquals(2L, span.longAttr("gen_ai.request.choice.count"), span::toString);
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"));
      assertEquals(List.of("stop", "stop"), span.attributes().get("gen_ai.response.finish_reasons"), "one per choice");
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"), span::toString);
      assertEquals((long) FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.reasoning.output_tokens"), span::toString);
      assertEquals("127.0.0.1", span.attr("server.address"));
      assertEquals((long) server.port(), span.longAttr("server.port"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertNull(span.attr("error.type"), span::toString);
      assertNull(span.attr("inferscope.stream.outcome"), "a whole JSON answer is no stream");
      assertNull(span.attr("inferscope.stream.chunks"), span::toString);
      assertFalse(span.attributes().containsKey("gen_ai.input.messages"), "content is off by default");
      assertFalse(span.attributes().containsKey("gen_ai.output.messages"), "content is off by default");
      assertTrue(span.endEpochNanos() >= span.startEpochNanos(), span::toString);
      // The agent read the request body without consuming it: the server got it whole.
      List<RecordedRequest> requests = server.requests();
      assertEquals(1, requests.size(), requests::toString);
      assertEquals(CHAT_TWO_CHOICES, requests.get(0).bodyText());
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @Test
  void aStreamedChatReadLineByLineEndsCompletedWithChunksTimeToFirstChunkAndUsage() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "stream", CHAT_STREAM).run().assertSuccess();
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
      double spanSeconds = (span.endEpochNanos() - span.startEpochNanos()) / 1e9;
      assertTrue((Double) ttfc <= spanSeconds, () -> "first chunk within the span: " + span);
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"));
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @Test
  void aRateLimitedCallIsAnErrorWithTheStatusAndTheAppSeesTheSameResponse() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "string", chatFor("error-429")).run().assertSuccess();
      assertEquals("429", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("429", span.attr("error.type"), span::toString);
      assertEquals("error-429", span.attr("gen_ai.request.model"));
      assertNull(span.attr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals(1, server.requests().size(), "OkHttp does not retry a 429 by itself, nor may the agent");
    }
  }

  @Test
  void aRefusedConnectionIsAnErrorAndTheAppGetsItsException() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      int closedPort = FreePort.pick();
      ForkedJvm.Result result =
          okHttpApp(receiver, "http://127.0.0.1:" + closedPort + "/v1/chat/completions", "string", CHAT).run().assertSuccess();
      assertEquals("java.net.ConnectException", values(result).get("caught"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("java.net.ConnectException", span.attr("error.type"), span::toString);
      assertEquals((long) closedPort, span.longAttr("server.port"));
      assertTrue(span.events().stream().anyMatch(e -> e.name().equals("exception")), span::toString);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @Test
  void anEnqueuedCallIsOneRootSpanThatEndsOnceWithTheAnswer() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "async", CHAT).run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("200", values.get("status"), () -> output(result));
      assertTrue(values.get("callback.thread").startsWith("OkHttp"), () -> "the callback ran on OkHttp's dispatcher: " + output(result));
      assertFalse(values.get("callback.thread").equals(values.get("caller.thread")), () -> output(result));
      assertEquals("200", values.get("callback.embeddings"), () -> output(result));
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      ReceivedSpan span = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini");
      ReceivedSpan callback = LlmRuns.onlyNamed(genAi, "embeddings callback-embedder");
      assertEquals(span.spanId(), callback.parentSpanId(), () -> "the callback's LLM call joins the call's trace: " + genAi);
      assertEquals("", span.parentSpanId(), () -> "enqueued from a thread with no span: a root span " + span);
      assertEquals("CLIENT", span.kind());
      assertEquals("chat gpt-4o-mini", span.name());
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertNull(span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals(2, server.requests().size(), "the call and the callback's");
    }
  }

  @Test
  void anEnqueuedCallThatCannotConnectEndsOnceAsAnError() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, "http://127.0.0.1:" + FreePort.pick() + "/v1/chat/completions", "async", CHAT).run().assertSuccess();
      assertEquals("java.net.ConnectException", values(result).get("caught"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("", span.parentSpanId(), span::toString);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("java.net.ConnectException", span.attr("error.type"), span::toString);
      assertEquals(1, span.events().stream().filter(e -> e.name().equals("exception")).count(), () -> "ended once: " + span);
    }
  }

  /**
   * A JSON parser (Jackson, which openai-java uses) stops reading at the closing brace and the
   * response is closed without OkHttp's source ever returning -1. The response was received whole:
   * it must be read as such, not as an early close with nothing known.
   */
  @Test
  void aJsonBodyReadExactlyToItsLengthThenClosedIsACompleteAnswer() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "exact", CHAT).run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("200", values.get("status"), () -> output(result));
      assertEquals(values.get("content.length"), values.get("body.length"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertNull(span.attr("inferscope.stream.outcome"), () -> "a whole JSON body is not a cancelled stream: " + span);
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), span::toString);
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  /** An SSE reader that stops at [DONE] and closes has read the whole answer. */
  @Test
  void aStreamReadToDoneThenClosedIsCompleted() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "until-done", CHAT_STREAM).run().assertSuccess();
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 4), values(result).get("lines"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  @Test
  void aStalledStreamClosedEarlyIsCancelledNotAnError() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "close-early", streamFor("stall")).run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("true", values.get("closed"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertNull(span.attr("error.type"), span::toString);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), "the first chunk was read: " + span);
    }
  }

  @Test
  void aStreamNeitherReadNorClosedIsAbandonedAfterTheIdleTimeout() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "abandon", streamFor("stall"))
              .sysProp("inferscope.stream.idle.timeout.ms", "300").run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      LlmRuns.assertAbandonedByWatchdog(span, 300, 2_000);
    }
  }

  /** A reader blocked in read(), waiting for a slow service's next chunk, is reading: no abandonment. */
  @Test
  void aSlowStreamTheAppKeepsReadingIsNotAbandoned() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "stream", streamFor("slow"))
              .sysProp("inferscope.stream.idle.timeout.ms", "150").run().assertSuccess();
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 4), values(result).get("lines"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      long millis = (span.endEpochNanos() - span.startEpochNanos()) / 1_000_000;
      assertEquals("completed", span.attr("inferscope.stream.outcome"), () -> "after " + millis + " ms: " + span);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  /**
   * OkHttp asks for gzip and unzips transparently, so real services (OpenAI behind Cloudflare)
   * answer JSON compressed. The application sees plain JSON; the span must describe that answer.
   */
  @Test
  void aGzippedAnswerThatOkHttpUnzipsTransparentlyIsReadLikeAPlainOne() throws IOException {
    String json = "{\"id\":\"chatcmpl-gzip1\",\"object\":\"chat.completion\",\"created\":1721260800,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
        + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";
    List<String> acceptEncodings = new CopyOnWriteArrayList<>();
    HttpServer gzipServer = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    gzipServer.createContext("/v1/chat/completions", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        acceptEncodings.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
        byte[] body = gzip(json.getBytes(StandardCharsets.UTF_8));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    gzipServer.start();
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = "http://127.0.0.1:" + gzipServer.getAddress().getPort() + "/v1/chat/completions";
      ForkedJvm.Result result = okHttpApp(receiver, url, "string", CHAT).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertEquals(String.valueOf(json.length()), values(result).get("body.length"), () -> "OkHttp unzipped: " + output(result));
      assertEquals(List.of("gzip"), acceptEncodings, "OkHttp asked for gzip on its own");
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertNull(span.attr("error.type"), () -> "a valid gzipped answer is no malformed response: " + span);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertEquals("gpt-4o-mini-2024-07-18", span.attr("gen_ai.response.model"), span::toString);
      assertEquals("chatcmpl-gzip1", span.attr("gen_ai.response.id"), span::toString);
      assertEquals(11L, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals(7L, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
    } finally {
      gzipServer.stop(0);
    }
  }

  /**
   * An application bug: the same Call executed twice. OkHttp rejects the second execute before
   * sending anything; the first call's span must still end normally with its answer, and the
   * rejected attempt, which sent no request, must not steal the first call's state.
   */
  @Test
  void executingACallTwiceLeavesTheFirstCallsSpanIntact() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          okHttpApp(receiver, server.baseUrl() + "/v1/chat/completions", "twice", CHAT).run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("Already Executed", values.get("second"), () -> output(result));
      assertEquals("200", values.get("status"), () -> output(result));
      assertEquals(1, server.requests().size(), "one request was sent");
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
      List<ReceivedSpan> answered = spans.stream().filter(s -> s.attr("gen_ai.response.id") != null).toList();
      assertEquals(1, answered.size(), () -> "the sent call's span has its answer: " + spans);
      ReceivedSpan span = answered.get(0);
      assertNull(span.attr("inferscope.stream.outcome"), () -> "ended when the body was read, not abandoned at exit: " + span);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals(1, spans.size(), () -> "no span for a call that sent nothing: " + spans);
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    }
    return out.toByteArray();
  }
}
