package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.VertxLlmApp;
import io.inferscope.tests.apps.transport.TransportSuiteApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What only Vert.x has, beyond the transport suite ({@code Vertx*LlmTest}): streams pushed to the
 * application's own handler and piped by the web client into a file, the call's context in those
 * handlers and nowhere else on the event loop once they return, and the application's own traceparent.
 * Each version in its own JVM ({@code apps/VertxLlmApp}), on Java 17, and once on Java 25.
 */
class VertxLlmTest {
  private static final String[] CASES = {"handler", "pipe", "own-traceparent"};

  private static ForkedJvm.Result run(ForkedJvm jvm, FakeLlmServer server) {
    String[] args = new String[CASES.length + 1];
    args[0] = server.baseUrl();
    System.arraycopy(CASES, 0, args, 1, CASES.length);
    return jvm.args(args).run().assertSuccess();
  }

  @ParameterizedTest
  @ValueSource(strings = {"4.5.14", "4.5.27", "5.0.7"})
  void handlersRunInTheCallsContextWhichLeavesTheEventLoopWithThem(String version) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = LlmRuns.withAgent(receiver, VertxLlmApp.class.getName())
          .classpath(LlmRuns.jarsIn("inferscope.vertx.libs", "vertx-" + version));
      assertAll(run(jvm, server), receiver, server);
    }
  }

  @Test
  void theSameOnJava25() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = AgentApps.exportingTo(ForkedJvm.java25().withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(VertxLlmApp.class.getName()).classpath(LlmRuns.jarsIn("inferscope.vertx.libs", "vertx-5.0.7"));
      assertAll(run(jvm, server), receiver, server);
    }
  }

  /** Switched off, the client is left alone: no span, no trace header, the application's bytes as before. */
  @Test
  void switchedOffTheClientIsLeftAlone() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.withAgent(receiver, VertxLlmApp.class.getName())
          .classpath(LlmRuns.jarsIn("inferscope.vertx.libs", "vertx-4.5.14"))
          .sysProp("inferscope.instrumentation.vertx-http-client.enabled", "false")
          .args(server.baseUrl(), "handler", "pipe").run().assertSuccess();
      Map<String, String> values = LlmRuns.values(result);
      String output = LlmRuns.output(result);
      assertTrue(result.stderr().contains("instrumentations [onnxruntime, djl, java-http-client, http-url-connection, okhttp, "
          + "apache-httpclient-5, apache-httpclient-4, reactor-netty, grpc, openai-java,"), output);
      assertEquals("200", values.get("handler.status"), output);
      assertSameBytes(server, "gpt-4o-mini:handler", values, "handler", output);
      assertSameBytes(server, "gpt-4o-mini:pipe", values, "pipe", output);
      for (String model : List.of("gpt-4o-mini:handler", "gpt-4o-mini:pipe")) {
        assertEquals(List.of(), request(server, model).headers("traceparent"), model);
      }
      List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
      assertTrue(genAi.stream().noneMatch(s -> s.name().startsWith("chat ")), () -> "no Vert.x call traced: " + genAi);
      assertEquals("200", values.get("pipe.nested"), output);
      // The JDK HttpClient calls the handlers make are still traced, each a root: nothing of Vert.x was current.
      assertEquals("", LlmRuns.onlyNamed(genAi, "embeddings in-handler").parentSpanId(), genAi::toString);
    }
  }

  private static void assertAll(ForkedJvm.Result result, OtlpReceiver receiver, FakeLlmServer server) {
    Map<String, String> values = LlmRuns.values(result);
    List<ReceivedSpan> genAi = LlmRuns.genAiSpans(receiver.spans());
    String output = LlmRuns.output(result);

    // A stream pushed to the application's handler: one span, completed, and the application's bytes are the server's.
    ReceivedSpan handler = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini:handler");
    assertEquals("200", values.get("handler.status"), output);
    assertEquals("completed", handler.attr("inferscope.stream.outcome"), handler::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), handler.longAttr("inferscope.stream.chunks"), handler::toString);
    assertEquals((long) FakeAnswer.OUTPUT_TOKENS, handler.longAttr("gen_ai.usage.output_tokens"), handler::toString);
    assertSameBytes(server, "gpt-4o-mini:handler", values, "handler", output);
    // The chunk handler ran in the call's context; a later task on the same event loop did not.
    assertEquals(handler.spanId(), LlmRuns.onlyNamed(genAi, "embeddings in-handler").parentSpanId(), () -> "in the handler: " + genAi);
    assertEquals(values.get("handler.thread"), values.get("handler.after-handler.thread"), () -> "the same event loop" + output);
    assertEquals("", LlmRuns.onlyNamed(genAi, "embeddings after-handler").parentSpanId(),
        () -> "no context left on the event loop after the handler returned: " + genAi);
    // The trace headers went out on the wire only: the application's request did not gain them.
    assertEquals("null", values.get("handler.request.traceparent"), output);
    ApacheRuns.assertTraceparentNames(server.requests().stream()
        .filter(r -> "gpt-4o-mini:handler".equals(r.json().get("model"))).findFirst().orElseThrow().header("traceparent"), handler);

    // The web client piping the stream into a file: one completed span, the file holds the server's bytes,
    // and the response future's handler ran in the call's context.
    ReceivedSpan pipe = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini:pipe");
    assertEquals("200", values.get("pipe.status"), output);
    assertEquals("completed", pipe.attr("inferscope.stream.outcome"), pipe::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), pipe.longAttr("inferscope.stream.chunks"), pipe::toString);
    assertSameBytes(server, "gpt-4o-mini:pipe", values, "pipe", output);
    assertEquals(pipe.spanId(), LlmRuns.onlyNamed(genAi, "embeddings after-pipe").parentSpanId(), () -> "in the future's handler: " + genAi);
    // A web client call made there is the pipe call's child: the caller's context crosses to the event loop with it.
    assertEquals("200", values.get("pipe.nested"), output);
    assertEquals(pipe.spanId(), LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini:nested").parentSpanId(), () -> "nested: " + genAi);

    // The application's own traceparent goes out as it is; the span is still recorded.
    ReceivedSpan own = LlmRuns.onlyNamed(genAi, "chat gpt-4o-mini:own-traceparent");
    assertEquals("200", values.get("own-traceparent.status"), output);
    RecordedRequest ownRequest = request(server, "gpt-4o-mini:own-traceparent");
    assertEquals(List.of(VertxLlmApp.OWN_TRACEPARENT), ownRequest.headers("traceparent"), ownRequest::toString);
    assertNotEquals(own.spanId(), VertxLlmApp.OWN_TRACEPARENT.split("-")[2]);
    LlmRuns.assertNoSecretAnywhere(receiver, result);
  }

  private static RecordedRequest request(FakeLlmServer server, String model) {
    List<RecordedRequest> matching = server.requests().stream().filter(r -> model.equals(r.json().get("model"))).toList();
    assertEquals(1, matching.size(), () -> model + ": " + server.requests());
    return matching.get(0);
  }

  private static void assertSameBytes(FakeLlmServer server, String model, Map<String, String> values, String name, String output) {
    byte[] sent = server.responseTo(request(server, model)).body();
    assertEquals(String.valueOf(sent.length), values.get(name + ".bytes.length"), output);
    assertTrue(TransportSuiteApp.sha256(sent).equals(values.get(name + ".bytes.sha256")), () -> name + ": the application's bytes are the server's" + output);
  }
}
