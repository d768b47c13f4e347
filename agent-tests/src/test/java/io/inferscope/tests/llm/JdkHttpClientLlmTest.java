package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP-layer fallback on the JDK HttpClient: the transport suite ({@link LlmTransportSuite}, with
 * {@code send} and {@code sendAsync}), and what only this client has: its non-replayable body
 * publishers, the agent's own OTLP export beside it, and Java 25.
 */
class JdkHttpClientLlmTest extends LlmTransportSuite implements AsyncLlmTransportSuite {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":64,\"n\":1,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String CHAT_STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  JdkHttpClientLlmTest() {
    super(Transport.JDK_HTTP_CLIENT);
  }

  /**
   * A request body the client cannot replay (a stream that can be read once, or a {@code Flow.Publisher}
   * of the application's, as Spring's RestClient and WebClient send theirs) is not read beforehand but
   * copied as the client sends it: it reaches the server whole and unchanged, and the span learns the
   * request (model, name, parameters) once the body is complete.
   */
  @ParameterizedTest
  @ValueSource(strings = {"one-shot-body", "publisher-body"})
  void aRequestBodyTheClientCannotReplayIsReadAsItIsSent(String how) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/chat/completions", how, CHAT).run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      assertEquals(CHAT, server.requests().get(0).bodyText(), "the server got the whole body");
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertEquals("chat gpt-4o-mini", span.name(), span::toString);
      assertEquals("gpt-4o-mini", span.attr("gen_ai.request.model"), span::toString);
      assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"), span::toString);
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
    }
  }

  /**
   * The agent's own OTLP export (OkHttp, in the agent's class loader) is never seen as an LLM call,
   * even when its endpoint looks like one: traces go to a path shaped like a chat completion, metrics
   * to the receiver; exactly one GenAI call is counted, the application's.
   */
  @Test
  void theAgentsOwnExportTrafficIsNeverTraced() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/chat/completions", "string", CHAT)
          .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", server.baseUrl() + "/v1/chat/completions")
          .run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      assertTrue(server.requests().size() >= 2, () -> "the span export reached the LLM-shaped path: " + server.requests().size());
      List<ReceivedMetric> durations = LlmRuns.series(receiver, "gen_ai.client.operation.duration", Map.of());
      assertEquals(1, durations.size(), durations::toString);
      assertEquals(1, durations.get(0).count(), () -> "only the application's call: " + durations);
    }
  }

  @Test
  void onJava25TheJdkClientIsTracedWithoutWarnings() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = AgentApps.exportingTo(ForkedJvm.java25().withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(JdkHttpLlmApp.class.getName())
          .args(server.baseUrl() + "/v1/chat/completions", "lines", CHAT_STREAM);
      ForkedJvm.Result result = jvm.run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      assertFalse(result.stderr().contains("WARNING"), result.stderr());
      assertFalse(result.stderr().contains("[inferscope] WARN"), result.stderr());
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertTrue(span.resource().get("process.runtime.version").toString().startsWith("25"), span::toString);
      String traceparent = server.requests().get(0).header("traceparent");
      assertTrue(String.valueOf(traceparent).startsWith("00-" + span.traceId() + "-" + span.spanId() + "-"),
          "the request names the span on Java 25 too: " + traceparent);
    }
  }
}
