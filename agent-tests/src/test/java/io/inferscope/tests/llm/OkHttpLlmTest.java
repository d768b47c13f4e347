package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.okHttpApp;
import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
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
 * The HTTP-layer fallback on OkHttp 4.12 (openai-java's transport): the transport suite
 * ({@link LlmTransportSuite}, with {@code execute} and {@code enqueue}), and what only OkHttp has:
 * one-shot request bodies, a body read through {@code byteStream()} exactly to its Content-Length,
 * transparent gzip, and a {@code Call} executed twice.
 */
class OkHttpLlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  /** Every request parameter the agent maps to a gen_ai.request.* attribute. */
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":64,"
      + "\"frequency_penalty\":0.5,\"presence_penalty\":0.25,\"stop\":[\"END\",\"STOP\"],\"seed\":42,"
      + "\"response_format\":{\"type\":\"json_object\"},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  OkHttpLlmTest() {
    super(Transport.OKHTTP_4);
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
