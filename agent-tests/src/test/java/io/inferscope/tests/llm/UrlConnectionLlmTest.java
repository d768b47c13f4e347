package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.EarlyHttpAgent;
import io.inferscope.tests.apps.UrlConnectionLlmApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import io.inferscope.tests.support.TlsFront;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK's {@code HttpURLConnection} against the fake LLM server, over real HTTP on 127.0.0.1 (and
 * HTTPS through {@link TlsFront}): one CLIENT span per call in the default buffered mode and both
 * streaming modes, read whole, line by line, partly, through the error stream or not at all; the
 * trace headers on the wire name the span; the application's bytes, and every other request, are
 * left as they were.
 */
class UrlConnectionLlmTest extends LlmTransportSuite {
  UrlConnectionLlmTest() {
    super(Transport.HTTP_URL_CONNECTION);
  }

  /** Every request parameter the agent maps to a gen_ai.request.* attribute. */
  private static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":64,"
      + "\"frequency_penalty\":0.5,\"presence_penalty\":0.25,\"stop\":[\"END\",\"STOP\"],\"seed\":42,"
      + "\"response_format\":{\"type\":\"json_object\"},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String CHAT_STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String OLLAMA = "{\"model\":\"llama3.2\",\"options\":{\"temperature\":0.1,\"num_predict\":32,\"seed\":7},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  /** role chunk + content chunks + finish chunk + usage chunk + [DONE] */
  private static final int SSE_LINES = FakeAnswer.CONTENT_PIECES.size() + 4;

  @TempDir Path dir;

  static ForkedJvm app(OtlpReceiver receiver, String url, String how, String body) {
    ForkedJvm jvm = LlmRuns.withAgent(receiver, UrlConnectionLlmApp.class.getName());
    return body == null ? jvm.args(url, how) : jvm.args(url, how, body);
  }

  private static String chatUrl(FakeLlmServer server) {
    return server.baseUrl() + "/v1/chat/completions";
  }

  private static String streamFor(String model) {
    return CHAT_STREAM.replace("gpt-4o-mini", model);
  }

  /**
   * In both streaming modes the JDK sends the headers when the application asks for the body's
   * stream, and the body as it writes: the span (started before) still learns the request's model.
   */
  @ParameterizedTest
  @ValueSource(strings = {"fixed", "chunked"})
  void theStreamingModesAreTracedLikeTheBufferedOne(String mode) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String body = mode.equals("fixed") ? CHAT : CHAT_STREAM;
      ForkedJvm.Result result = app(receiver, chatUrl(server), mode, body).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat gpt-4o-mini", span.name(), span::toString);
      assertEquals("gpt-4o-mini", span.attr("gen_ai.request.model"));
      LlmRuns.assertAnswer(span, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, "stop", FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals("UNSET", span.statusCode(), span::toString);
      RecordedRequest request = onlyRequest(server);
      assertEquals(body, request.bodyText());
      if (mode.equals("fixed")) {
        assertEquals(String.valueOf(body.length()), request.header("content-length"), "fixed length: " + request);
        assertEquals(42L, span.longAttr("gen_ai.request.seed"));
        assertNull(span.attr("inferscope.stream.outcome"), span::toString);
      } else {
        assertEquals("chunked", request.header("transfer-encoding"), "chunked: " + request);
        assertStreamCompleted(span, "chat gpt-4o-mini");
      }
      assertNamesTheSpan(request, span);
    }
  }

  /** An application that connects explicitly first, then writes its body. */
  @Test
  void anExplicitConnectBeforeTheBodyIsTheSameCall() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, chatUrl(server), "connect-first", CHAT).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat gpt-4o-mini", span.name(), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertNamesTheSpan(onlyRequest(server), span);
    }
  }

  @Test
  void aDisconnectBeforeTheEndIsCancelled() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, chatUrl(server), "disconnect-early", streamFor("stall")).run().assertSuccess();
      assertEquals("true", values(result).get("closed"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertEquals("chat stall", span.name(), span::toString);
    }
  }

  /**
   * The JDK throws for an error status; the application reads the answer from the error stream. The
   * span says 429, and the application reads exactly the bytes it reads without the agent.
   */
  @Test
  void aRateLimitedCallReadThroughTheErrorStreamIsAnErrorWithTheStatus() {
    String body = CHAT.replace("gpt-4o-mini", "error-429");
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, chatUrl(server), "error", body).run().assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("429", values.get("status"), () -> output(result));
      assertEquals("java.io.IOException", values.get("caught"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat error-429", span.name(), span::toString);
      assertEquals("ERROR", span.statusCode(), span::toString);
      assertEquals("429", span.attr("error.type"), span::toString);
      assertNull(span.attr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals(1, server.requests().size(), "the JDK does not retry a 429, nor may the agent");

      ForkedJvm.Result alone = withoutAgent(server, "error", body).run().assertSuccess();
      assertEquals(values(alone).get("error.sha256"), values.get("error.sha256"), () -> output(alone) + output(result));
      assertTrue(Integer.parseInt(values.get("error.length")) > 0, () -> output(result));
    }
  }

  /** What the application sends and reads is byte for byte what it sends and reads without the agent. */
  @ParameterizedTest
  @ValueSource(strings = {"whole", "fixed"})
  void theApplicationsBytesAreUnchanged(String mode) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result alone = withoutAgent(server, mode, CHAT).run().assertSuccess();
      ForkedJvm.Result traced = app(receiver, chatUrl(server), mode, CHAT).run().assertSuccess();
      assertEquals(1, LlmRuns.genAiSpans(receiver.spans()).size(), () -> output(traced));
      assertEquals(values(alone).get("body.sha256"), values(traced).get("body.sha256"), () -> output(alone) + output(traced));
      List<RecordedRequest> requests = server.requests();
      assertEquals(2, requests.size());
      assertEquals(requests.get(0).bodyText(), requests.get(1).bodyText());
      assertNull(requests.get(0).header("traceparent"), "no agent, no trace header");
      assertNotNull(requests.get(1).header("traceparent"));
    }
  }

  /** A request to no LLM endpoint gets no span, no trace header, and the same answer. */
  @Test
  void aRequestThatIsNoLlmCallIsLeftAlone() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1/models";
      ForkedJvm.Result alone = withoutAgent(server, url, "error", CHAT).run().assertSuccess();
      ForkedJvm.Result traced = app(receiver, url, "error", CHAT).run().assertSuccess();
      assertEquals("404", values(traced).get("status"), () -> output(traced));
      assertEquals(values(alone).get("error.sha256"), values(traced).get("error.sha256"), () -> output(alone) + output(traced));
      assertTrue(traced.stderr().contains("InferScope"), () -> "the agent ran: " + output(traced));
      assertTrue(LlmRuns.genAiSpans(receiver.spans()).isEmpty(), () -> "no span: " + receiver.spans());
      List<RecordedRequest> requests = server.requests();
      assertEquals(2, requests.size());
      assertNull(requests.get(1).header("traceparent"), "not an observed request: no trace header");
      assertEquals(requests.get(0).bodyText(), requests.get(1).bodyText());
    }
  }

  @Test
  void aTraceHeaderTheApplicationSetIsLeftAsItWas() {
    String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, chatUrl(server), "whole", CHAT).sysProp("app.header", "traceparent: " + own)
          .run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      RecordedRequest request = onlyRequest(server);
      assertEquals(List.of(own), request.headers("traceparent"), "the application's header, once");
      assertNull(request.header("tracestate"));
      assertEquals(1, LlmRuns.genAiSpans(receiver.spans()).size(), "the call is still traced");
    }
  }

  /** Many threads, each its own connections: every call is one span, which its own request names. */
  @Test
  void concurrentCallsAreOneSpanEach() {
    int threads = 16;
    int calls = 5;
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.withAgent(receiver, UrlConnectionLlmApp.class.getName())
          .args(chatUrl(server), "concurrent", CHAT, String.valueOf(threads), String.valueOf(calls)).run().assertSuccess();
      assertEquals(String.valueOf(threads * calls), values(result).get("ok"), () -> output(result));
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
      assertEquals(threads * calls, spans.size(), () -> output(result));
      for (ReceivedSpan span : spans) {
        assertEquals("chat gpt-4o-mini", span.name(), span::toString);
        assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), span::toString);
        assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
        assertEquals("UNSET", span.statusCode(), span::toString);
      }
      Set<String> spanIds = spans.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      Set<String> named = server.requests().stream().map(r -> traceparent(r).group(2)).collect(Collectors.toSet());
      assertEquals(spanIds, named, "each request names its own span");
    }
  }

  @Test
  void onJava25AStreamIsTracedWithoutWarnings() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = AgentApps.exportingTo(ForkedJvm.java25().withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(UrlConnectionLlmApp.class.getName()).args(chatUrl(server), "chunked", CHAT_STREAM);
      ForkedJvm.Result result = jvm.run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertFalse(result.stderr().contains("WARNING"), result.stderr());
      assertFalse(result.stderr().contains("[inferscope] WARN"), result.stderr());
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertStreamCompleted(span, "chat gpt-4o-mini");
      assertTrue(span.resource().get("process.runtime.version").toString().startsWith("25"), span::toString);
      assertNamesTheSpan(onlyRequest(server), span);
    }
  }

  /**
   * The agent's own OTLP export (OkHttp, in the agent's class loader, never HttpURLConnection) is no
   * LLM call even when its endpoint looks like one: exactly one call is counted, the application's.
   */
  @Test
  void theAgentsOwnExportTrafficIsNeverTraced() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, chatUrl(server), "whole", CHAT)
          .env("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", chatUrl(server)).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertTrue(server.requests().size() >= 2, () -> "the span export reached the LLM-shaped path: " + server.requests());
      List<ReceivedMetric> durations = LlmRuns.series(receiver, "gen_ai.client.operation.duration", Map.of());
      assertEquals(1, durations.size(), durations::toString);
      assertEquals(1, durations.get(0).count(), () -> "only the application's call: " + durations);
      assertTrue(receiver.headerValues("traceparent").isEmpty(), "the metric export carries no trace header");
    }
  }

  /**
   * HTTPS: the application holds the JDK's HTTPS facade, which passes each call to its delegate; an
   * explicit {@code connect} goes to the delegate's own connect, which starts the call as well.
   */
  @ParameterizedTest
  @ValueSource(strings = {"connect-first", "lines"})
  void anHttpsCallIsTracedThroughTheDelegate(String mode) {
    try (FakeLlmServer server = FakeLlmServer.start(); TlsFront front = TlsFront.start(dir, server.port());
        OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = app(receiver, front.baseUrl() + "/v1/chat/completions", mode, mode.equals("lines") ? CHAT_STREAM : CHAT);
      front.trustStoreProperties().forEach(p -> jvm.sysProp(p[0], p[1]));
      ForkedJvm.Result result = jvm.run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      if (mode.equals("lines")) {
        assertEquals(String.valueOf(SSE_LINES), values(result).get("lines"), () -> output(result));
        assertStreamCompleted(span, "chat gpt-4o-mini");
      } else {
        assertEquals("sun.net.www.protocol.https.HttpsURLConnectionImpl", values(result).get("connection.class"));
        assertEquals("chat gpt-4o-mini", span.name(), span::toString);
        assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), span::toString);
      }
      LlmRuns.assertAnswer(span, "gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, "stop", FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals((long) front.port(), span.longAttr("server.port"));
      assertNamesTheSpan(onlyRequest(server), span);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  /**
   * Another agent ahead of InferScope opened an HTTP connection in its premain: the JDK's connection
   * class was loaded before InferScope's transformer existed, and is changed by retransformation.
   */
  @Test
  void aConnectionClassLoadedBeforeTheAgentIsStillTraced() throws Exception {
    Path early = dir.resolve("early-agent.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), EarlyHttpAgent.class.getName());
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(early), manifest)) {
      // The class itself comes from the application's class path.
    }
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = AgentApps.exportingTo(ForkedJvm.java17().javaagent(early).withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(UrlConnectionLlmApp.class.getName()).args(chatUrl(server), "lines", CHAT_STREAM)
          .sysProp("inferscope.debug", "true");
      ForkedJvm.Result result = jvm.run().assertSuccess();
      assertEquals("sun.net.www.protocol.http.HttpURLConnection", values(result).get("early.loaded"), () -> output(result));
      assertTrue(result.stderr().contains("retransformed sun.net.www.protocol.http.HttpURLConnection, loaded before the agent started"),
          () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertStreamCompleted(span, "chat gpt-4o-mini");
      assertNamesTheSpan(onlyRequest(server), span);
    }
  }

  /**
   * InferScope as the OpenTelemetry Java agent's extension, which instruments HttpURLConnection too
   * (and adds a marker interface of its own to the JDK's class first): one GenAI span, InferScope's,
   * the agent's HTTP CLIENT span under it, and the server's one traceparent naming that span.
   */
  @Test
  void insideTheOpenTelemetryAgentTheCallIsOursWithItsHttpSpanUnderIt() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = AgentApps.exportingTo(
          ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent()).classpathFromTest(), receiver, AgentApps.HTTP);
      ForkedJvm.Result result = jvm.mainClass(UrlConnectionLlmApp.class.getName()).args(chatUrl(server), "lines", CHAT_STREAM)
          .run().assertSuccess();
      assertEquals(String.valueOf(SSE_LINES), values(result).get("lines"), () -> output(result));
      assertFalse(result.stderr().contains("could not instrument"), result::stderr);
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan chat = onlyGenAiSpan(receiver, result);
      assertStreamCompleted(chat, "chat gpt-4o-mini");
      List<ReceivedSpan> http = spans.stream()
          .filter(s -> s.kind().equals("CLIENT") && s.scopeName().startsWith("io.opentelemetry.http-url-connection")).toList();
      assertEquals(1, http.size(), () -> "the agent's HTTP span: " + spans);
      assertEquals(chat.traceId(), http.get(0).traceId(), "one trace");
      assertEquals(chat.spanId(), http.get(0).parentSpanId(), () -> "the HTTP span is a child of the GenAI span: " + spans);
      List<String> traceparents = onlyRequest(server).headers("traceparent");
      assertEquals(1, traceparents.size(), () -> "one traceparent: " + traceparents);
      assertTrue(traceparents.get(0).startsWith("00-" + http.get(0).traceId() + "-" + http.get(0).spanId() + "-"),
          () -> "the server is told the HTTP span: " + traceparents + ", " + http);
    }
  }

  /** With body reading off the call is still one span: it knows its endpoint, not what the bodies said. */
  @Test
  void withBodyReadingOffTheCallIsStillObserved() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, chatUrl(server), "whole", CHAT)
          .sysProp("inferscope.genai.body.max.bytes", "0").run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat", span.name(), span::toString);
      assertNull(span.attr("gen_ai.request.model"), span::toString);
      assertEquals("openai", span.attr("gen_ai.provider.name"), span::toString);
      assertEquals(CHAT, onlyRequest(server).bodyText());
      assertNamesTheSpan(onlyRequest(server), span);
    }
  }

  @Test
  void switchedOffNothingIsObserved() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, chatUrl(server), "whole", CHAT)
          .sysProp("inferscope.instrumentation.http-url-connection.enabled", "false").run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertFalse(result.stderr().contains("http-url-connection"), () -> "not in the start line: " + output(result));
      assertTrue(LlmRuns.genAiSpans(receiver.spans()).isEmpty(), () -> receiver.spans().toString());
      assertNull(onlyRequest(server).header("traceparent"));
    }
  }

  private static ForkedJvm withoutAgent(FakeLlmServer server, String how, String body) {
    return withoutAgent(server, chatUrl(server), how, body);
  }

  private static ForkedJvm withoutAgent(FakeLlmServer server, String url, String how, String body) {
    return ForkedJvm.java17().classpathFromTest().mainClass(UrlConnectionLlmApp.class.getName()).args(url, how, body);
  }

  static void assertStreamCompleted(ReceivedSpan span, String name) {
    assertEquals(name, span.name(), span::toString);
    assertEquals("CLIENT", span.kind());
    assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
    Object ttfc = span.attributes().get("gen_ai.response.time_to_first_chunk");
    assertTrue(ttfc instanceof Double && (Double) ttfc > 0, span::toString);
    assertTrue((Double) ttfc <= (span.endEpochNanos() - span.startEpochNanos()) / 1e9, () -> "first chunk within the span: " + span);
    assertEquals("UNSET", span.statusCode(), span::toString);
  }

  /** The request's one {@code traceparent} names the span: its trace, its id as parent, sampled. */
  static void assertNamesTheSpan(RecordedRequest request, ReceivedSpan span) {
    Matcher header = traceparent(request);
    assertEquals(span.traceId(), header.group(1), "trace id; span " + span);
    assertEquals(span.spanId(), header.group(2), "parent id: the GenAI span's own id; span " + span);
    assertEquals(1, Integer.parseInt(header.group(3), 16) & 1, "sampled: " + header.group());
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
}
