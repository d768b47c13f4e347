package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.sun.net.httpserver.HttpServer;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
 * transparent gzip, and a {@code Call} executed twice. These four calls run one after the other in
 * one application JVM ({@code OkHttpLlmSequenceApp}) that their tests share; each asks for a model of
 * its own, by which a test finds its span and request.
 */
class OkHttpLlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  private static final String ONE_SHOT = chat("gpt-4o-mini:one-shot");
  private static final String EXACT = chat("gpt-4o-mini:exact");
  private static final String TWICE = chat("gpt-4o-mini:twice");
  private static final String GZIP = chat("gpt-4o-mini:gzip");
  /** What the gzip server answers (compressed), whatever it is asked. */
  private static final String GZIP_ANSWER = "{\"id\":\"chatcmpl-gzip1\",\"object\":\"chat.completion\",\"created\":1721260800,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";
  private static final ForkOnce<Steps> STEPS = new ForkOnce<>(OkHttpLlmTest::runSteps);

  OkHttpLlmTest() {
    super(Transport.OKHTTP_4);
  }

  /** Every request parameter the agent maps to a gen_ai.request.* attribute, for {@code model}. */
  private static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":64,"
        + "\"frequency_penalty\":0.5,\"presence_penalty\":0.25,\"stop\":[\"END\",\"STOP\"],\"seed\":42,"
        + "\"response_format\":{\"type\":\"json_object\"},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  }

  /**
   * A one-shot request body (it can be written once only) is never read by the agent: the server gets
   * it whole, from OkHttp's one write, and the span knows the call from its endpoint and answer only.
   */
  @Test
  void aOneShotRequestBodyIsLeftAlone() {
    Steps steps = STEPS.get();
    assertEquals("200", steps.values(0).get("status"), steps::output);
    assertEquals(ONE_SHOT, steps.request("gpt-4o-mini:one-shot").bodyText(), "the server got the whole body");
    String responseModel = "gpt-4o-mini:one-shot" + FakeAnswer.RESPONSE_MODEL_SUFFIX;
    List<ReceivedSpan> spans = steps.genAi.stream().filter(s -> responseModel.equals(s.attr("gen_ai.response.model"))).toList();
    assertEquals(1, spans.size(), () -> "one span answered for the one-shot call: " + steps.genAi);
    ReceivedSpan span = spans.get(0);
    assertFalse(span.attributes().containsKey("gen_ai.request.model"), () -> "the body was not read: " + span);
  }

  /**
   * A JSON parser (Jackson, which openai-java uses) stops reading at the closing brace and the
   * response is closed without OkHttp's source ever returning -1. The response was received whole:
   * it must be read as such, not as an early close with nothing known.
   */
  @Test
  void aJsonBodyReadExactlyToItsLengthThenClosedIsACompleteAnswer() {
    Steps steps = STEPS.get();
    Map<String, String> values = steps.values(1);
    assertEquals("200", values.get("status"), steps::output);
    assertEquals(values.get("content.length"), values.get("body.length"), steps::output);
    ReceivedSpan span = steps.span("gpt-4o-mini:exact");
    assertNull(span.attr("inferscope.stream.outcome"), () -> "a whole JSON body is not a cancelled stream: " + span);
    assertEquals("gpt-4o-mini:exact" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
    assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), span::toString);
    assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
    assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
  }

  /**
   * An application bug: the same Call executed twice. OkHttp rejects the second execute before
   * sending anything; the first call's span must still end normally with its answer, and the
   * rejected attempt, which sent no request, must not steal the first call's state.
   */
  @Test
  void executingACallTwiceLeavesTheFirstCallsSpanIntact() {
    Steps steps = STEPS.get();
    Map<String, String> values = steps.values(2);
    assertEquals("Already Executed", values.get("second"), steps::output);
    assertEquals("200", values.get("status"), steps::output);
    steps.request("gpt-4o-mini:twice"); // one request was sent
    ReceivedSpan span = steps.span("gpt-4o-mini:twice");
    assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), () -> "the sent call's span has its answer: " + span);
    assertNull(span.attr("inferscope.stream.outcome"), () -> "ended when the body was read, not abandoned: " + span);
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
    assertEquals(Steps.COUNT, steps.genAi.size(), () -> "one span per call, none for a call that sent nothing: " + steps.genAi);
  }

  /**
   * OkHttp asks for gzip and unzips transparently, so real services (OpenAI behind Cloudflare)
   * answer JSON compressed. The application sees plain JSON; the span must describe that answer.
   */
  @Test
  void aGzippedAnswerThatOkHttpUnzipsTransparentlyIsReadLikeAPlainOne() {
    Steps steps = STEPS.get();
    Map<String, String> values = steps.values(3);
    assertEquals("200", values.get("status"), steps::output);
    assertEquals(String.valueOf(GZIP_ANSWER.length()), values.get("body.length"), () -> "OkHttp unzipped: " + steps.output());
    assertEquals(List.of("gzip"), steps.acceptEncodings, "OkHttp asked for gzip on its own");
    ReceivedSpan span = steps.span("gpt-4o-mini:gzip");
    assertNull(span.attr("error.type"), () -> "a valid gzipped answer is no malformed response: " + span);
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertEquals("gpt-4o-mini-2024-07-18", span.attr("gen_ai.response.model"), span::toString);
    assertEquals("chatcmpl-gzip1", span.attr("gen_ai.response.id"), span::toString);
    assertEquals(11L, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
    assertEquals(7L, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
  }

  /** The four calls' application JVM, and what came of it. */
  private record Steps(ForkedJvm.Result result, List<ReceivedSpan> genAi, List<RecordedRequest> requests,
      List<String> acceptEncodings) {
    static final int COUNT = 4;

    /** What the application printed for step {@code n} (0: one-shot, 1: exact, 2: twice, 3: gzip). */
    Map<String, String> values(int n) {
      return LlmRuns.stepValues(result, n);
    }

    ReceivedSpan span(String model) {
      List<ReceivedSpan> spans = genAi.stream().filter(s -> model.equals(s.attr("gen_ai.request.model"))).toList();
      assertEquals(1, spans.size(), () -> "one span for " + model + ": " + genAi + output());
      return spans.get(0);
    }

    /** The one request the fake LLM server got for {@code model}. */
    RecordedRequest request(String model) {
      List<RecordedRequest> matching = requests.stream().filter(r -> model.equals(r.json().get("model"))).toList();
      assertEquals(1, matching.size(), () -> "one request for " + model + ": " + requests + output());
      return matching.get(0);
    }

    String output() {
      return "\n" + LlmRuns.output(result);
    }
  }

  private static Steps runSteps() {
    List<String> acceptEncodings = new CopyOnWriteArrayList<>();
    HttpServer gzipServer = gzipServer(acceptEncodings);
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String chat = server.baseUrl() + "/v1/chat/completions";
      String gzipChat = "http://127.0.0.1:" + gzipServer.getAddress().getPort() + "/v1/chat/completions";
      ForkedJvm.Result result = LlmRuns.okHttpSequence(receiver,
          chat, "one-shot-body", ONE_SHOT, "--",
          chat, "exact", EXACT, "--",
          chat, "twice", TWICE, "--",
          gzipChat, "string", GZIP).run().assertSuccess();
      return new Steps(result, LlmRuns.genAiSpans(receiver.spans()), server.requests(), List.copyOf(acceptEncodings));
    } finally {
      gzipServer.stop(0);
    }
  }

  /** Answers every chat request with {@link #GZIP_ANSWER}, gzipped, and notes the Accept-Encoding asked for. */
  private static HttpServer gzipServer(List<String> acceptEncodings) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
      server.createContext("/v1/chat/completions", exchange -> {
        try (exchange) {
          exchange.getRequestBody().readAllBytes();
          acceptEncodings.add(String.valueOf(exchange.getRequestHeaders().getFirst("Accept-Encoding")));
          byte[] body = gzip(GZIP_ANSWER.getBytes(StandardCharsets.UTF_8));
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("Content-Encoding", "gzip");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        }
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
