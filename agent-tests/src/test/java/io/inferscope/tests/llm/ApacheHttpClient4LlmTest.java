package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.ApacheRuns.CHAT;
import static io.inferscope.tests.llm.ApacheRuns.CHAT_STREAM;
import static io.inferscope.tests.llm.ApacheRuns.V4;
import static io.inferscope.tests.llm.ApacheRuns.V4_APP;
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
import org.junit.jupiter.api.Test;

/**
 * Apache HttpClient 4.5 ({@code org.apache.http}, the transport of the AWS SDK's Apache client and of
 * google-genai) against the fake LLM server: one CLIENT span per attempt, whether the application
 * reads the answer through a {@code ResponseHandler}, as a whole entity, line by line, into a
 * {@code BufferedHttpEntity}, or closes it early.
 */
class ApacheHttpClient4LlmTest extends LlmTransportSuite {
  ApacheHttpClient4LlmTest() {
    super(Transport.APACHE_HTTP_CLIENT_4);
  }

  private static ForkedJvm.Result run(OtlpReceiver receiver, String url, String how, String body) {
    ForkedJvm.Result result = ApacheRuns.app(receiver, V4_APP, V4, url, how, body).run().assertSuccess();
    ApacheRuns.assertRanOn(result, V4);
    return result;
  }

  @Test
  void theApplicationGetsTheSameBytesWithAndWithoutTheAgentWhateverItReadsWith() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result buffered = run(receiver, url, "buffered", CHAT);
      ForkedJvm.Result lines = run(receiver, url, "stream", CHAT_STREAM);
      ForkedJvm.Result bareBuffered = ApacheRuns.appWithoutAgent(V4_APP, V4, url, "buffered", CHAT).run().assertSuccess();
      ForkedJvm.Result bareLines = ApacheRuns.appWithoutAgent(V4_APP, V4, url, "stream", CHAT_STREAM).run().assertSuccess();
      assertEquals(values(bareBuffered).get("body.sha256"), values(buffered).get("body.sha256"), () -> output(buffered));
      assertEquals(values(bareLines).get("lines.sha256"), values(lines).get("lines.sha256"), () -> output(lines));
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
      assertEquals(2, spans.size(), spans::toString);
      // The buffered copy went through writeTo, past the hooked stream: the tee showed the agent the answer.
      ReceivedSpan whole = spans.stream().filter(s -> s.attr("inferscope.stream.outcome") == null).findFirst().orElseThrow();
      LlmRuns.assertAnswer(whole, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OPENAI_FINISH_REASON,
          FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
    }
  }

  @Test
  void aRequestToAnythingButAnLlmEndpointGetsNoSpanAndNoTraceHeader() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(receiver, server.baseUrl() + ApacheRuns.NOT_LLM_PATH, "string", ApacheRuns.NOT_LLM_BODY);
      assertEquals("404", values(result).get("status"), () -> output(result));
      assertEquals(List.of(), LlmRuns.genAiSpans(receiver.spans()));
      RecordedRequest request = server.requests().get(0);
      assertNull(request.header("traceparent"), "only observed requests carry the agent's trace headers");
      assertEquals(ApacheRuns.NOT_LLM_BODY, request.bodyText());
    }
  }

  @Test
  void onJava25HttpClient45IsTracedWithoutWarnings() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ApacheRuns.appOnJava25(
          receiver, V4_APP, V4, server.baseUrl() + "/v1/chat/completions", "stream", CHAT_STREAM).run().assertSuccess();
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
      ForkedJvm.Result result = run(receiver, url, "string", CHAT);
      assertEquals(String.valueOf(ApacheRuns.GZIP_ANSWER.length()), values(result).get("body.length"), () -> "decompressed: " + output(result));
      ApacheRuns.assertGzipAnswer(onlyGenAiSpan(receiver, result));
    } finally {
      gzip.stop(0);
    }
  }
}
