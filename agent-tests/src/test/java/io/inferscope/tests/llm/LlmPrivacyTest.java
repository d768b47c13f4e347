package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.Json;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Message content is exported only when the user opts in (OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT),
 * then as the conventions' JSON and cut to inferscope.genai.content.max.length; the API key (headers
 * Authorization, x-api-key, api-key and Gemini's ?key=) is never exported nor logged, in any mode,
 * debug logging included.
 */
class LlmPrivacyTest {
  private static final String PROMPT = "Privacy-prompt-a1b2 say hello";
  private static final String SYSTEM = "System-instruction-9f8e be brief";
  private static final String CAPTURE_ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

  private static final String OPENAI = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"" + SYSTEM
      + "\"},{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
  private static final String OPENAI_STREAM = OPENAI.replace("{\"model\"", "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\"");
  private static final String ANTHROPIC = "{\"model\":\"claude-test\",\"max_tokens\":100,\"system\":\"" + SYSTEM
      + "\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + PROMPT + "\"}]}]}";
  private static final String GEMINI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"" + PROMPT + "\"}]}]}";
  private static final String KEY = "?key=" + JdkHttpLlmApp.API_KEY;

  /** The calls every mode makes, in one JVM: every provider key carrier, errors and a refused connection. */
  private static ForkedJvm calls(OtlpReceiver receiver, FakeLlmServer server) {
    String base = server.baseUrl();
    String closed = "http://127.0.0.1:" + FreePort.pick();
    return LlmRuns.jdkSequence(receiver,
        base + "/v1/chat/completions", "string", OPENAI,
        "--", base + "/v1/chat/completions", "lines", OPENAI_STREAM,
        "--", base + "/v1/messages", "string", ANTHROPIC,
        "--", base + "/v1beta/models/gemini-test:generateContent" + KEY, "string", GEMINI,
        "--", base + "/v1beta/models/error-429:generateContent" + KEY, "string", GEMINI,
        "--", closed + "/v1beta/models/gemini-refused:generateContent" + KEY, "string", GEMINI);
  }

  private static ReceivedSpan span(List<ReceivedSpan> spans, String name, Boolean stream) {
    List<ReceivedSpan> found = spans.stream()
        .filter(s -> s.name().equals(name) && (stream == null || stream.equals(s.attributes().get("gen_ai.request.stream"))
            || (!stream && s.attributes().get("gen_ai.request.stream") == null)))
        .toList();
    assertEquals(1, found.size(), () -> "one span " + name + " (stream " + stream + "): " + spans);
    return found.get(0);
  }

  private static List<ReceivedSpan> run(OtlpReceiver receiver, ForkedJvm jvm) {
    ForkedJvm.Result result = jvm.run().assertSuccess();
    List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
    assertEquals(6, spans.size(), () -> "a span per call: " + spans + "\n" + output(result));
    assertTrue(result.stdout().contains("caught=java.net.ConnectException"), () -> output(result));
    LlmRuns.assertNoSecretAnywhere(receiver, result);
    return spans;
  }

  /** A message {"role":..., "parts":[{"type":"text","content":...}], ["finish_reason":...]} with one text part. */
  private static void assertMessage(Object message, String role, String content, String finishReason) {
    assertTrue(message instanceof Map, () -> "a message object: " + message);
    Map<?, ?> m = (Map<?, ?>) message;
    assertEquals(role, m.get("role"), m::toString);
    assertEquals(List.of(Map.of("type", "text", "content", content)), m.get("parts"), m::toString);
    assertEquals(finishReason, m.get("finish_reason"), m::toString);
  }

  private static void assertContent(List<ReceivedSpan> spans, int max) {
    String prompt = cut(PROMPT, max);
    String system = cut(SYSTEM, max);
    String answer = cut(FakeAnswer.CONTENT, max);
    for (Boolean stream : new Boolean[] {false, true}) {
      ReceivedSpan openAi = span(spans, "chat gpt-4o-mini", stream);
      List<Object> input = Json.array(openAi.attr("gen_ai.input.messages"));
      assertEquals(2, input.size(), input::toString);
      assertMessage(input.get(0), "system", system, null);
      assertMessage(input.get(1), "user", prompt, null);
      List<Object> out = Json.array(openAi.attr("gen_ai.output.messages"));
      assertEquals(1, out.size(), out::toString);
      assertMessage(out.get(0), "assistant", answer, "stop");
      assertNull(openAi.attr("gen_ai.system_instructions"), "OpenAI's system message stays among the messages");
    }
    ReceivedSpan anthropic = span(spans, "chat claude-test", null);
    assertEquals(List.of(Map.of("type", "text", "content", system)), Json.array(anthropic.attr("gen_ai.system_instructions")));
    List<Object> input = Json.array(anthropic.attr("gen_ai.input.messages"));
    assertEquals(1, input.size(), input::toString);
    assertMessage(input.get(0), "user", prompt, null);
    List<Object> out = Json.array(anthropic.attr("gen_ai.output.messages"));
    assertMessage(out.get(0), "assistant", answer, FakeAnswer.ANTHROPIC_STOP_REASON);
    ReceivedSpan gemini = span(spans, "generate_content gemini-test", null);
    assertMessage(Json.array(gemini.attr("gen_ai.input.messages")).get(0), "user", prompt, null);
    assertMessage(Json.array(gemini.attr("gen_ai.output.messages")).get(0), "assistant", answer, FakeAnswer.GEMINI_FINISH_REASON);
    ReceivedSpan failed = span(spans, "generate_content error-429", null);
    assertEquals("429", failed.attr("error.type"));
    assertMessage(Json.array(failed.attr("gen_ai.input.messages")).get(0), "user", prompt, null);
    assertNull(failed.attr("gen_ai.output.messages"), () -> "no answer, no output messages: " + failed);
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }

  @Test
  void withTheSwitchContentIsExportedAsTheConventionsJson() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      List<ReceivedSpan> spans = run(receiver, calls(receiver, server).env(CAPTURE_ENV, "true"));
      assertContent(spans, Integer.MAX_VALUE);
    }
  }

  @Test
  void withAMaximumLengthContentIsCutToItEvenInDebugMode() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      // The switch as its system property this time, the README's other spelling.
      List<ReceivedSpan> spans = run(receiver, calls(receiver, server).sysProp("otel.instrumentation.genai.capture-message-content", "true")
          .sysProp("inferscope.genai.content.max.length", "5").sysProp("inferscope.debug", "true"));
      assertContent(spans, 5);
      String exported = new String(receiver.rawBytes(), StandardCharsets.UTF_8);
      assertFalse(exported.contains(PROMPT.substring(0, 6)), "nothing past the cut is exported");
      assertFalse(exported.contains(FakeAnswer.CONTENT.substring(0, 6)), "nothing past the cut is exported");
    }
  }

  @Test
  void withoutTheSwitchNoContentIsExportedInDebugModeEither() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = calls(receiver, server).sysProp("inferscope.debug", "true");
      List<ReceivedSpan> spans = run(receiver, jvm);
      for (ReceivedSpan span : spans) {
        for (String key : List.of("gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions")) {
          assertFalse(span.attributes().containsKey(key), () -> key + " without the switch: " + span);
        }
      }
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span(spans, "chat gpt-4o-mini", false).attr("gen_ai.response.id"),
          "the answer was read, only its content not kept");
      String exported = new String(receiver.rawBytes(), StandardCharsets.UTF_8);
      for (String content : List.of(PROMPT, "Privacy-prompt", SYSTEM, "System-instruction", FakeAnswer.CONTENT, "fake LLM")) {
        assertFalse(exported.contains(content), () -> "content exported without the switch: " + content);
      }
    }
  }

  @Test
  void inDebugModeTheAgentLogsButNeverTheKey() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = calls(receiver, server).env(CAPTURE_ENV, "true").sysProp("inferscope.debug", "true").run().assertSuccess();
      assertTrue(result.stderr().contains("[inferscope] DEBUG"), () -> "debug logging is on: " + output(result));
      assertEquals(6, LlmRuns.genAiSpans(receiver.spans()).size(), () -> output(result));
      LlmRuns.assertNoSecretAnywhere(receiver, result);
      // The key did reach the server in every carrier: the test would catch a leak.
      server.requests().forEach(r -> assertTrue(
          (("Bearer " + JdkHttpLlmApp.API_KEY).equals(r.header("Authorization")) && JdkHttpLlmApp.API_KEY.equals(r.header("x-api-key"))
              && JdkHttpLlmApp.API_KEY.equals(r.header("api-key"))), r::toString));
      assertTrue(server.requests().stream().anyMatch(r -> JdkHttpLlmApp.API_KEY.equals(r.queryParameter("key").orElse(null))));
    }
  }

  @Test
  void overOkHttpInDebugModeWithContentTheKeyIsNeverExportedNorLogged() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.okHttpApp(receiver, server.baseUrl() + "/v1beta/models/gemini-test:generateContent" + KEY,
              "string", GEMINI)
          .env(CAPTURE_ENV, "true").sysProp("inferscope.debug", "true").run().assertSuccess();
      assertEquals("200", LlmRuns.values(result).get("status"), () -> output(result));
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
      assertMessage(Json.array(span.attr("gen_ai.input.messages")).get(0), "user", PROMPT, null);
      assertEquals(JdkHttpLlmApp.API_KEY, server.requests().get(0).queryParameter("key").orElse(null));
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }
}
