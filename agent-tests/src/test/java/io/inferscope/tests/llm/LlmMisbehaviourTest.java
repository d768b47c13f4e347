package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.jdkApp;
import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.Json;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A misbehaving LLM service (broken JSON, cut streams, huge answers, stalls, server errors) over the
 * JDK HttpClient: the application observes exactly what it observes without the agent (same
 * printed result, run for run), and the span still ends, saying what went wrong.
 */
class LlmMisbehaviourTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";

  private static String chat(String model) {
    return CHAT.replace("gpt-4o-mini", model);
  }

  private static String stream(String model) {
    return STREAM.replace("gpt-4o-mini", model);
  }

  /** The same application, same arguments, no agent: the reference for what the application sees. */
  private static ForkedJvm.Result withoutAgent(String url, String how, String body, String... jvmArgs) {
    ForkedJvm jvm = LlmRuns.withoutAgent(JdkHttpLlmApp.class.getName()).args(url, how, body);
    for (String arg : jvmArgs) {
      jvm.jvmArg(arg);
    }
    return jvm.run();
  }

  private static void assertSameObservation(ForkedJvm.Result withAgent, ForkedJvm.Result withoutAgent) {
    assertEquals(withoutAgent.exitCode(), withAgent.exitCode(),
        () -> "exit code\nwith the agent:\n" + output(withAgent) + "\nwithout:\n" + output(withoutAgent));
    assertEquals(withoutAgent.stdout(), withAgent.stdout(),
        () -> "what the application printed\nwith the agent:\n" + output(withAgent) + "\nwithout:\n" + output(withoutAgent));
  }

  @Test
  void aRequestTimeoutIsAnErrorSpanAndTheAppGetsItsOwnTimeout() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "timeout", chat("stall")).run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "timeout", chat("stall")));
      assertEquals("java.net.http.HttpTimeoutException", values(result).get("caught"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("java.net.http.HttpTimeoutException", span.attr("error.type"), span::toString);
      assertEquals("stall", span.attr("gen_ai.request.model"), span::toString);
    }
  }

  @Test
  void aMalformedJsonAnswerIsAnErrorSpanAndTheAppGetsTheSameBytes() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "bytes", chat("malformed")).run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "bytes", chat("malformed")));
      assertEquals(String.valueOf(FakeAnswer.MALFORMED_BODY.length()), values(result).get("body.length"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("malformed_response", span.attr("error.type"), span::toString);
      assertNull(span.attr("inferscope.stream.outcome"), "the body was read to its end: " + span);
    }
  }

  @Test
  void aTruncatedStreamReachesTheAppAsWithoutTheAgentAndIsAnErrorSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "sse", stream("truncate")).run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "sse", stream("truncate")));
      Map<String, String> values = values(result);
      assertNotNull(values.get("caught"), () -> "the app saw the stream break: " + output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertNotNull(span.attr("error.type"), span::toString);
      assertEquals("error", span.attr("inferscope.stream.outcome"), span::toString);
      // Two chunks arrived before the cut: the role chunk and the first content delta.
      assertEquals(1L, span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), "what arrived was read: " + span);
    }
  }

  @Test
  void aTruncatedJsonBodyReachesTheAppAsWithoutTheAgentAndIsAnErrorSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "string", chat("truncate")).run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "string", chat("truncate")));
      assertNotNull(values(result).get("caught"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("ERROR", span.statusCode(), span::toString);
      // The JDK rethrows the failure as a new IOException; the span names the failure it saw.
      assertNotNull(span.attr("error.type"), span::toString);
      assertTrue(span.events().stream().anyMatch(e -> e.name().equals("exception")), span::toString);
    }
  }

  @Test
  void aHugeJsonAnswerReachesTheAppWholeInASmallHeapAndTheSpanStillEnds() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "bytes", chat("huge")).jvmArg("-Xmx64m").run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "bytes", chat("huge"), "-Xmx64m"));
      assertTrue(Long.parseLong(values(result).get("body.length")) > FakeAnswer.HUGE_CONTENT_LENGTH, () -> output(result));
      assertFalse(result.stderr().contains("OutOfMemoryError"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertNotEquals("ERROR", span.statusCode(), () -> "a valid answer, only too big to inspect, is no error: " + span);
      assertNull(span.attr("error.type"), span::toString);
      assertEquals("huge", span.attr("gen_ai.request.model"));
    }
  }

  @Test
  void aHugeStreamReachesTheAppWholeInASmallHeapAndItsUsageIsKnown() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      // Content capture on: the kept text must stay bounded too (8192 chars by default).
      ForkedJvm.Result result = jdkApp(receiver, url, "sse", stream("huge")).jvmArg("-Xmx64m")
          .env("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT", "true").run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "sse", stream("huge"), "-Xmx64m"));
      assertNull(values(result).get("caught"), () -> output(result));
      assertFalse(result.stderr().contains("OutOfMemoryError"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      int pieces = FakeAnswer.HUGE_CONTENT_LENGTH / FakeAnswer.HUGE_PIECE_LENGTH;
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) pieces, span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals((long) FakeAnswer.HUGE_OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
      List<Object> out = Json.array(span.attr("gen_ai.output.messages"));
      Object content = ((Map<?, ?>) ((List<?>) ((Map<?, ?>) out.get(0)).get("parts")).get(0)).get("content");
      assertEquals(8192, ((String) content).length(), "the default gen_ai content cap");
      assertTrue(((String) content).startsWith("The fake LLM repeats itself"), "a prefix of the answer");
    }
  }

  @Test
  void aStalledStreamClosedEarlyByTheAppIsCancelled() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "close-early", stream("stall")).run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "close-early", stream("stall")));
      assertEquals("true", values(result).get("closed"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals("UNSET", span.statusCode(), "closing early is the application's choice, no error: " + span);
      assertNull(span.attr("error.type"), span::toString);
    }
  }

  @Test
  void aStreamNeitherReadNorClosedIsAbandonedAfterTheIdleTimeout() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "abandon", stream("stall"))
          .sysProp("inferscope.stream.idle.timeout.ms", "300").run().assertSuccess();
      assertSameObservation(result, withoutAgent(url, "abandon", stream("stall")));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      LlmRuns.assertAbandonedByWatchdog(span, 300, 2_000);
    }
  }

  /**
   * The idle timeout is about the application leaving a stream alone, not about a slow service: a
   * reader blocked in a read, waiting for the next chunk (a reasoning model thinking before it
   * answers), is reading. Here chunks come 200 ms apart and the timeout is 150 ms (a shorter one would
   * also catch the application itself pausing between reads on a loaded machine).
   */
  @Test
  void aSlowStreamTheAppKeepsReadingIsNotAbandoned() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = jdkApp(receiver, url, "sse", stream("slow"))
          .sysProp("inferscope.stream.idle.timeout.ms", "150").run().assertSuccess();
      assertNull(values(result).get("caught"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      long millis = (span.endEpochNanos() - span.startEpochNanos()) / 1_000_000;
      assertEquals("completed", span.attr("inferscope.stream.outcome"), () -> "after " + millis + " ms: " + span);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertTrue(millis >= 8 * FakeAnswer.SLOW_CHUNK_DELAY_MILLIS, () -> "the span lasted as long as the stream: " + millis + " ms");
    }
  }

  @Test
  void serverErrorsAreErrorSpansWithTheStatusAndTheAppSeesTheSameAnswer() {
    for (String status : new String[] {"500", "503"}) {
      try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
        String url = server.baseUrl() + "/v1/chat/completions";
        ForkedJvm.Result result = jdkApp(receiver, url, "bytes", chat("error-" + status)).run().assertSuccess();
        assertEquals(status, values(result).get("status"), () -> output(result));
        assertEquals(1, server.requests().size(), "the agent sends nothing of its own");
        assertSameObservation(result, withoutAgent(url, "bytes", chat("error-" + status)));
        ReceivedSpan span = onlyGenAiSpan(receiver, result);
        assertEquals("ERROR", span.statusCode(), span::toString);
        assertEquals(status, span.attr("error.type"), span::toString);
        assertTrue(span.statusMessage().contains(status), span::toString);
        assertNull(span.attr("gen_ai.usage.input_tokens"), span::toString);
      }
    }
  }
}
