package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The HTTP-layer fallback on the JDK HttpClient against the fake LLM server. */
class JdkHttpClientLlmTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":64,\"n\":1,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String CHAT_STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  @Test
  void aChatCompletionIsOneClientSpanWithRequestResponseAndUsage() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/chat/completions", "string", CHAT).run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("200", values.get("status"), result.stdout());
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertEquals("chat gpt-4o-mini", span.name());
      assertEquals("CLIENT", span.kind());
      assertEquals("chat", span.attr("gen_ai.operation.name"));
      assertEquals("openai", span.attr("gen_ai.provider.name"));
      assertEquals("gpt-4o-mini", span.attr("gen_ai.request.model"));
      assertEquals(0.2, span.attributes().get("gen_ai.request.temperature"));
      assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"));
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"));
      assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      assertEquals("127.0.0.1", span.attr("server.address"));
      assertEquals((long) server.port(), span.longAttr("server.port"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertFalse(span.attributes().containsKey("gen_ai.input.messages"), "content is off by default");
      assertFalse(span.attributes().containsKey("gen_ai.request.choice.count"), "n is 1: no choice count");
      LlmRuns.assertNoSecret(receiver, result);
    }
  }

  /**
   * A request body is read only when the client can replay it: sent from a stream that can be read
   * once, it reaches the server whole, and the span knows the call from its endpoint and answer only.
   */
  @Test
  void aRequestBodyTheClientCannotReplayIsLeftAlone() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/chat/completions", "one-shot-body", CHAT).run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      assertEquals(CHAT, server.requests().get(0).bodyText(), "the server got the whole body");
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertFalse(span.attributes().containsKey("gen_ai.request.model"), () -> "the body was not read: " + span);
      assertEquals("gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
    }
  }

  /**
   * A sendAsync continuation runs with the call's span current: the LLM call it makes is the call's
   * child. The answers come late, so the continuation is attached well before the response completes.
   */
  @Test
  void anAsyncSendsContinuationJoinsItsTrace() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      server.delayEvery(1, 200);
      ForkedJvm.Result result =
          LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/chat/completions", "async", CHAT).run().assertSuccess();
      assertEquals("200:200", values(result).get("async"), result.stdout());
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      ReceivedSpan chat = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini");
      ReceivedSpan callback = LlmRuns.onlyNamed(genAi, "embeddings callback-embedder");
      assertEquals(chat.spanId(), callback.parentSpanId(), () -> "the continuation's call is the call's child: " + genAi);
    }
  }

  @Test
  void aStreamedChatEndsWhenTheStreamEndsWithChunksAndUsage() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/chat/completions", "lines", CHAT_STREAM).run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertEquals(true, span.attributes().get("gen_ai.request.stream"));
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertTrue((Double) span.attributes().get("gen_ai.response.time_to_first_chunk") > 0, span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
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
      java.util.List<io.inferscope.tests.support.ReceivedMetric> durations =
          LlmRuns.series(receiver, "gen_ai.client.operation.duration", Map.of());
      assertEquals(1, durations.size(), durations::toString);
      assertEquals(1, durations.get(0).count(), () -> "only the application's call: " + durations);
    }
  }

  @Test
  void onJava25TheJdkClientIsTracedWithoutWarnings() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = io.inferscope.tests.support.AgentApps.exportingTo(
          ForkedJvm.java25().withAgent().classpathFromTest(), receiver, io.inferscope.tests.support.AgentApps.HTTP)
          .mainClass(io.inferscope.tests.apps.JdkHttpLlmApp.class.getName())
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

  @Test
  void aRateLimitedCallIsAnErrorWithTheStatusAndTheAppSeesTheSameResponse() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String body = CHAT.replace("gpt-4o-mini", "error-429");
      ForkedJvm.Result result = LlmRuns.jdkApp(receiver, server.baseUrl() + "/v1/chat/completions", "string", body).run().assertSuccess();
      assertEquals("429", values(result).get("status"), result.stdout());
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("429", span.attr("error.type"), span::toString);
    }
  }

  @Test
  void aRefusedConnectionIsAnErrorAndTheAppGetsItsException() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      int closedPort = FreePort.pick();
      ForkedJvm.Result result =
          LlmRuns.jdkApp(receiver, "http://127.0.0.1:" + closedPort + "/v1/chat/completions", "string", CHAT).run().assertSuccess();
      assertEquals("java.net.ConnectException", values(result).get("caught"), result.stdout());
      ReceivedSpan span = onlyGenAiSpan(receiver);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("java.net.ConnectException", span.attr("error.type"), span::toString);
    }
  }
}
