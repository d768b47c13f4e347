package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.OpenAiSdkApp;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * InferScope alone propagates the trace into the LLM server: each request it instruments carries a W3C
 * {@code traceparent} naming the exported GenAI span (trace id and parent id), through the JDK
 * HttpClient, OkHttp and openai-java; a header the application set is left as it was; {@code
 * OTEL_PROPAGATORS=none} sends none. Only what a test needs is set: the propagators are the default.
 */
class TracePropagationTest {
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  /** The application's own trace header, which must reach the server unchanged. */
  private static final String APPLICATIONS_OWN = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  @Test
  void theJdkHttpClientsRequestNamesTheGenAiSpan() {
    assertRequestNamesTheSpan("jdk");
  }

  /** OkHttp: the headers go on the wire only; the application's request, as its response reports it, has none. */
  @Test
  void anOkHttpRequestNamesTheGenAiSpan() {
    ForkedJvm.Result result = assertRequestNamesTheSpan("okhttp");
    assertEquals("null", values(result).get("response.request.traceparent"), result.stdout());
  }

  @Test
  void anOpenAiJavaCallsRequestNamesItsGenAiSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          LlmRuns.sdkApp(receiver, OpenAiSdkApp.class.getName(), server.baseUrl(), "chat", "gpt-4o-mini").run().assertSuccess();
      assertNamesTheSpan(onlyRequest(server), LlmRuns.onlyGenAiSpan(receiver, result));
    }
  }

  /**
   * OkHttp's enqueue writes the request on a dispatcher thread, and the callback's own LLM call (JDK
   * HttpClient) is the async call's child: each request names its own span.
   */
  @Test
  void anOkHttpAsyncCallAndItsCallbacksCallEachNameTheirSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.okHttpApp(receiver, chatUrl(server), "async", CHAT).run().assertSuccess();
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      assertEquals(2, genAi.size(), () -> "the async chat and the callback's embeddings: " + genAi + "\n" + result.stdout());
      for (RecordedRequest request : server.requests()) {
        Matcher header = traceparent(request);
        ReceivedSpan span = genAi.stream().filter(s -> s.spanId().equals(header.group(2))).findFirst()
            .orElseThrow(() -> new AssertionError("no exported span named by " + header.group() + " on " + request.path() + ": " + genAi));
        assertEquals(span.traceId(), header.group(1));
        assertEquals(request.path().endsWith("/embeddings") ? "embeddings" : "chat", span.attr("gen_ai.operation.name"), span::toString);
      }
    }
  }

  /** An unsampled call still passes its trace on, flagged not sampled, so the server's sampler can follow it. */
  @Test
  void anUnsampledCallPassesItsTraceOnNotSampled() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.jdkApp(receiver, chatUrl(server), "string", CHAT)
          .env("OTEL_TRACES_SAMPLER", "always_off").run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      Matcher header = traceparent(onlyRequest(server));
      assertFalse(sampled(header), "flags: not sampled, " + header.group());
      assertTrue(LlmRuns.genAiSpans(receiver.spans()).isEmpty(), "nothing exported");
    }
  }

  @Test
  void aTraceHeaderTheApplicationSetIsLeftAsItWas() {
    for (String client : List.of("jdk", "okhttp")) {
      try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
        ForkedJvm app = chatApp(client, server, receiver);
        ForkedJvm.Result result = app.sysProp("app.header", "traceparent: " + APPLICATIONS_OWN).run().assertSuccess();
        assertEquals("200", values(result).get("status"), result.stdout());
        RecordedRequest request = onlyRequest(server);
        assertEquals(List.of(APPLICATIONS_OWN), request.headers("traceparent"), client + ": the application's header, once");
        assertNull(request.header("tracestate"), client);
        assertEquals(1, LlmRuns.genAiSpans(receiver.spans()).size(), client + ": the call is still traced");
      }
    }
  }

  @Test
  void noneSendsNoTraceHeader() {
    for (String client : List.of("jdk", "okhttp")) {
      try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
        ForkedJvm app = chatApp(client, server, receiver);
        ForkedJvm.Result result = app.env("OTEL_PROPAGATORS", "none").run().assertSuccess();
        assertEquals("200", values(result).get("status"), result.stdout());
        RecordedRequest request = onlyRequest(server);
        assertNull(request.header("traceparent"), client);
        assertNull(request.header("baggage"), client);
        assertEquals(1, LlmRuns.genAiSpans(receiver.spans()).size(), client + ": the call is still traced");
      }
    }
  }

  private static ForkedJvm.Result assertRequestNamesTheSpan(String client) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = chatApp(client, server, receiver).run().assertSuccess();
      assertEquals("200", values(result).get("status"), result.stdout());
      assertNamesTheSpan(onlyRequest(server), LlmRuns.onlyGenAiSpan(receiver, result));
      return result;
    }
  }

  private static void assertNamesTheSpan(RecordedRequest request, ReceivedSpan span) {
    Matcher header = traceparent(request);
    assertEquals(span.traceId(), header.group(1), "trace id; span " + span);
    assertEquals(span.spanId(), header.group(2), "parent id: the GenAI span's own id; span " + span);
    assertTrue(sampled(header), "flags: sampled, " + header.group());
  }

  /** The sampled bit of the trace flags (the SDK also sets W3C level 2's random-id bit, 0x02). */
  private static boolean sampled(Matcher traceparent) {
    return (Integer.parseInt(traceparent.group(3), 16) & 1) == 1;
  }

  private static Matcher traceparent(RecordedRequest request) {
    List<String> values = request.headers("traceparent");
    assertEquals(1, values.size(), () -> "one traceparent: " + values);
    Matcher matcher = TRACEPARENT.matcher(values.get(0));
    assertTrue(matcher.matches(), values.get(0));
    return matcher;
  }

  private static RecordedRequest onlyRequest(FakeLlmServer server) {
    List<RecordedRequest> requests = server.requests();
    assertEquals(1, requests.size(), () -> "one request: " + requests);
    return requests.get(0);
  }

  /** The JDK HttpClient's ({@code jdk}) or OkHttp's ({@code okhttp}) chat application. */
  private static ForkedJvm chatApp(String client, FakeLlmServer server, OtlpReceiver receiver) {
    return client.equals("jdk")
        ? LlmRuns.jdkApp(receiver, chatUrl(server), "string", CHAT)
        : LlmRuns.okHttpApp(receiver, chatUrl(server), "string", CHAT);
  }

  private static String chatUrl(FakeLlmServer server) {
    return server.baseUrl() + "/v1/chat/completions";
  }
}
