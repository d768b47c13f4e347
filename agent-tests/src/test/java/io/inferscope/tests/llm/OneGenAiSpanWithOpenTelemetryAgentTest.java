package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.OpenAiSdkApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * openai-java with the OpenTelemetry Java agent, which instruments it too: exactly one GenAI span per
 * chat call whichever way the two agents are combined. InferScope owns the call when it configures the
 * agent (as its extension, or attached first and handed over), by switching the agent's openai-java
 * instrumentation off; when the agent started first, the user switched that instrumentation on, or
 * switched InferScope (or its openai-java hook) off, the agent's span is the call's and InferScope adds
 * none under it. Either way the agent's OkHttp CLIENT span
 * is a child of the GenAI span, and the server's {@code traceparent} names that CLIENT span. Plain HTTP
 * clients and the other SDKs: {@link HttpClientsWithOpenTelemetryAgentTest}, {@link SdksWithOpenTelemetryAgentTest}.
 */
class OneGenAiSpanWithOpenTelemetryAgentTest {
  private static final String MODEL = "gpt-4o-mini";
  private static final String OURS = "io.inferscope.genai";
  private static final String THEIRS = "io.opentelemetry.openai-java-1.1";
  private static final String CHAT = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
      "extension, " + OURS, "inferscope-first, " + OURS, "otel-first, " + THEIRS, "extension-openai-on, " + THEIRS,
      "extension-our-openai-off, " + THEIRS, "extension-inferscope-off, " + THEIRS})
  void oneChatSpanWithTheAgentsHttpSpanUnderIt(String combination, String owner) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = AgentApps.exportingTo(combined(combination).classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(OpenAiSdkApp.class.getName()).classpath(LlmRuns.llmLibs())
          .args(server.baseUrl(), "chat", MODEL)
          .run().assertSuccess();
      assertEquals(FakeAnswer.CONTENT, LlmRuns.values(result).get("content"), result.stdout());

      List<ReceivedSpan> spans = receiver.spans();
      List<ReceivedSpan> chats = spans.stream().filter(s -> s.name().equals("chat " + MODEL)).toList();
      assertEquals(1, chats.size(), () -> "one GenAI span: " + AgentHttpSpans.describe(spans) + "\n" + result.stderr());
      ReceivedSpan chat = chats.get(0);
      assertTrue(chat.scopeName().startsWith(owner), () -> "owned by " + owner + ": " + chat);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, chat.longAttr("gen_ai.usage.output_tokens"), chat::toString);

      assertHttpSpanUnder(chat, spans, "io.opentelemetry.okhttp", server);
    }
  }

  /** The agent's one HTTP CLIENT span is the GenAI span's child, and the server's one traceparent names it. */
  private static void assertHttpSpanUnder(ReceivedSpan chat, List<ReceivedSpan> spans, String httpScope, FakeLlmServer server) {
    List<ReceivedSpan> clients = spans.stream().filter(s -> s.kind().equals("CLIENT") && s.scopeName().startsWith(httpScope)).toList();
    assertEquals(1, clients.size(), () -> "the agent's HTTP span: " + AgentHttpSpans.describe(spans));
    ReceivedSpan http = clients.get(0);
    assertEquals(chat.traceId(), http.traceId(), "one trace");
    assertEquals(chat.spanId(), http.parentSpanId(), "the HTTP span is a child of the GenAI span");
    List<RecordedRequest> requests = server.requests();
    assertEquals(1, requests.size());
    List<String> traceparents = requests.get(0).headers("traceparent");
    assertEquals(1, traceparents.size(), () -> "one traceparent: " + traceparents);
    assertTrue(traceparents.get(0).startsWith("00-" + http.traceId() + "-" + http.spanId() + "-"),
        () -> "the server is told the HTTP span: " + traceparents + ", " + http);
  }

  private static ForkedJvm combined(String combination) {
    ForkedJvm jvm = ForkedJvm.java17();
    return switch (combination) {
      case "extension" -> jvm.withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
      case "extension-openai-on" -> jvm.withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent())
          .sysProp("otel.instrumentation.openai-java.enabled", "true");
      case "extension-our-openai-off" -> jvm.withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent())
          .sysProp("inferscope.instrumentation.openai-java.enabled", "false");
      case "extension-inferscope-off" -> jvm.withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent())
          .env("INFERSCOPE_ENABLED", "false");
      case "inferscope-first" -> jvm.withAgent().javaagent(AgentApps.openTelemetryJavaAgent());
      case "otel-first" -> jvm.javaagent(AgentApps.openTelemetryJavaAgent()).withAgent();
      default -> throw new IllegalArgumentException(combination);
    };
  }
}
