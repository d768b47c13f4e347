package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.inferscope.tests.apps.LlmCallback;
import io.inferscope.tests.apps.transport.TransportCase;
import io.inferscope.tests.apps.transport.TransportSuiteApp;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every HTTP client InferScope hooks, with InferScope as the OpenTelemetry Java agent's extension (the
 * agent instruments each of these clients too): an application posting OpenAI chat bodies through the
 * client ({@link TransportSuiteApp}, one JVM per client) gets exactly one GenAI span per call,
 * InferScope's, with the agent's HTTP CLIENT span of the request as its child in the same trace, and
 * the server receives one {@code traceparent}, naming that HTTP span. On Spring WebClient the agent's HTTP
 * span is its own WebClient span ({@code spring-webflux}), started in the exchange filter it adds to every
 * {@code WebClient}: under the GenAI span too. Each client makes a whole chat
 * call and a streamed (SSE) one read line by line; those with an asynchronous API also make an
 * asynchronous call whose callback makes one more LLM call (over the JDK HttpClient), which must be
 * the asynchronous call's child: context carried across the client's threads with both agents' hooks
 * in place.
 */
class HttpClientsWithOpenTelemetryAgentTest {
  private static final String JDK_SCOPE = "io.opentelemetry.java-http-client";

  /** Client, the scope of the agent's HTTP span for it, and the calls made. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "JDK_HTTP_CLIENT, " + JDK_SCOPE + ", CHAT SSE ASYNC",
      "OKHTTP_4, io.opentelemetry.okhttp-3.0, CHAT SSE ASYNC",
      "APACHE_HTTP_CLIENT_5, io.opentelemetry.apache-httpclient-5.0, CHAT SSE ASYNC",
      "APACHE_HTTP_CLIENT_4, io.opentelemetry.apache-httpclient-4.0, CHAT SSE",
      "HTTP_URL_CONNECTION, io.opentelemetry.http-url-connection, CHAT SSE",
      "VERTX_4_5_14, io.opentelemetry.vertx-http-client-4.0, CHAT SSE ASYNC",
      "REACTOR_NETTY_1_2, io.opentelemetry.reactor-netty-1.0, CHAT SSE",
      "REACTOR_NETTY_1_3, io.opentelemetry.reactor-netty-1.0, CHAT SSE",
      "WEBCLIENT_6_2, io.opentelemetry.spring-webflux-5.0, CHAT SSE",
      "WEBCLIENT_7_0, io.opentelemetry.spring-webflux-5.0, CHAT SSE"})
  void eachCallIsOneGenAiSpanWithTheAgentsHttpSpanUnderIt(Transport transport, String httpScope, String calls) {
    List<TransportCase> cases = Arrays.stream(calls.split(" ")).map(TransportCase::valueOf).toList();
    Map<String, String> expected = new LinkedHashMap<>();
    for (TransportCase c : cases) {
      expected.put("chat " + c.model, httpScope);
      if (c == TransportCase.ASYNC) {
        expected.put("embeddings " + LlmCallback.MODEL, JDK_SCOPE);
      }
    }
    Run run = run(transport, cases);
    AgentHttpSpans.assertOneGenAiSpanPerCallOverTheAgentsHttpSpan(
        run.spans, run.requests, List.copyOf(expected.keySet()), AgentHttpSpans.OURS, expected::get, run.output);
    if (cases.contains(TransportCase.ASYNC)) {
      ReceivedSpan async = named(run.spans, "chat " + TransportCase.ASYNC.model);
      ReceivedSpan callback = named(run.spans, "embeddings " + LlmCallback.MODEL);
      assertEquals(async.spanId(), callback.parentSpanId(),
          () -> "the callback's call is the asynchronous call's child: " + AgentHttpSpans.describe(run.spans) + run.output);
    }
  }

  /** What one application JVM running {@code cases} through the client beside the agent left: spans, requests, output. */
  private record Run(List<ReceivedSpan> spans, List<RecordedRequest> requests, String output) {}

  /** Runs the cases; the application got every answer exactly as the server sent it. */
  private static Run run(Transport transport, List<TransportCase> cases) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      List<String> args = new ArrayList<>(List.of(transport.adapterClass, server.baseUrl(), "http://127.0.0.1:" + FreePort.pick()));
      cases.forEach(c -> args.add(c.name()));
      ForkedJvm.Result result = AgentApps.exportingTo(
              ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent()).classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(TransportSuiteApp.class.getName()).classpath(transport.jars()).args(args.toArray(String[]::new))
          .run().assertSuccess();
      Map<String, String> seen = LlmRuns.values(result);
      String output = "\n" + LlmRuns.output(result);
      assertFalse(result.stderr().contains("[inferscope] WARN"), "every hook applied, none failed: " + output);
      assertEquals(transport.library, seen.get("library"), output);
      for (TransportCase c : cases) {
        assertEquals("200", seen.get(c + ".status"), () -> c + output);
        assertAppGotWhatWasSent(server, c, seen, output);
        if (c == TransportCase.ASYNC) {
          assertEquals("200", seen.get(c + ".callback.embeddings"), output);
        }
      }
      assertEquals(LlmTransportSuite.SSE_LINES, seen.get(TransportCase.SSE + ".lines"), output);
      return new Run(receiver.spans(), server.requests(), output);
    }
  }

  /** The application read the answer to {@code c} exactly as the server sent it. */
  private static void assertAppGotWhatWasSent(FakeLlmServer server, TransportCase c, Map<String, String> seen, String output) {
    RecordedRequest request = server.requests().stream().filter(r -> c.model.equals(r.json().get("model"))).findFirst()
        .orElseThrow(() -> new AssertionError("no request for " + c + output));
    byte[] sent = server.responseTo(request).body();
    assertEquals(String.valueOf(sent.length), seen.get(c + ".bytes.length"), () -> c + output);
    assertEquals(TransportSuiteApp.sha256(sent), seen.get(c + ".bytes.sha256"), () -> c + output);
  }

  private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
  }
}
