package io.inferscope.tests.remote;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.GrpcModelServerApp;
import io.inferscope.tests.llm.LlmRuns;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Remote inference over gRPC end to end: an application (the built agent attached, grpc-java 1.68.1 or 1.85.1
 * on its class path) calls a fake Open Inference Protocol server over 127.0.0.1 through a stub shaped like
 * a generated one. Each {@code ModelInfer} (blocking, future, async) is one {@code predict {model}} CLIENT
 * span with the attributes and metrics the HTTP path gives, errors are error spans named by their status
 * code, other methods get nothing, the server sees a traceparent naming the span, and the application gets
 * the server's bytes.
 */
class GrpcRemoteInferenceTest {
  private static final String SCOPE = "io.inferscope.ml";
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  private static final List<String> CALLS = List.of(
      "blocking:resnet", "future:slow", "async:slow", "blocking:classifier", "live:-", "blocking:missing", "refused:resnet", "flow:slow");

  @ParameterizedTest
  @ValueSource(strings = {"1.85.1", "1.68.1"})
  void eachModelInferIsOneClientPredictSpanWithTheHttpPathsAttributesAndMetrics(String version) {
    int closed = FreePort.pick();
    try (FakeGrpcModelServer server = FakeGrpcModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, version, server, closed, CALLS).run().assertSuccess();
      Map<String, String> values = LlmRuns.values(result);
      assertTrue(values.get("grpc.jar").endsWith("-" + version + ".jar"), () -> "ran on " + values.get("grpc.jar"));
      List<String> statuses = List.of("OK", "OK", "OK", "OK", "OK", "NOT_FOUND", "UNAVAILABLE", "OK");
      for (int i = 0; i < statuses.size(); i++) {
        assertEquals(statuses.get(i), values.get(i + ".status"), "call " + i + ": " + result.stdout() + result.stderr());
      }
      List<FakeGrpcModelServer.Exchange> exchanges = server.exchanges();
      assertEquals(7, exchanges.size(), exchanges::toString);
      for (int i = 0; i < 5; i++) {
        assertEquals(exchanges.get(i).responseSha256, values.get(i + ".sha256"), "the application got the server's bytes: " + i);
      }
      assertEquals(exchanges.get(6).responseSha256, values.get("7.sha256"), "the application got the server's bytes: 7");
      assertEquals("true", values.get("beforeStart"), "a ClientResponseObserver stays one behind the agent's stand-in");

      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(7, spans.size(), () -> "one span per ModelInfer, none for ServerLive: " + spans);
      long port = server.port();
      ReceivedSpan resnet = spans.stream()
          .filter(s -> s.name().equals("predict resnet") && "UNSET".equals(s.statusCode())).findFirst().orElseThrow(() -> new AssertionError(spans));
      assertEquals(Map.ofEntries(
          Map.entry("ml.operation", "predict"), Map.entry("ml.framework", "kserve"), Map.entry("ml.model.name", "resnet"),
          Map.entry("ml.model.version", "1"), Map.entry("ml.batch.size", 4L), Map.entry("ml.input.names", List.of("INPUT0", "MASK")),
          Map.entry("ml.input.shapes", List.of("[4,3]", "[4]")), Map.entry("ml.output.names", List.of("OUTPUT0", "OUTPUT1")),
          Map.entry("server.address", "127.0.0.1"), Map.entry("server.port", port)), resnet.attributes());
      List<ReceivedSpan> slow = spans.stream().filter(s -> s.name().equals("predict slow")).toList();
      assertEquals(3, slow.size(), "the future and the two async calls: " + spans);
      for (ReceivedSpan s : slow) {
        assertEquals("UNSET", s.statusCode(), s::toString);
        assertEquals(List.of("OUTPUT0", "OUTPUT1"), s.attributes().get("ml.output.names"), s::toString);
        assertEquals("1", s.attr("ml.model.version"), s::toString);
        assertEquals(4L, s.longAttr("ml.batch.size"), s::toString);
        assertEquals(port, s.longAttr("server.port"), s::toString);
        assertTrue(s.endEpochNanos() - s.startEpochNanos() >= 250_000_000L,
            () -> "ends when the answer arrives, not when the stub returns: " + s);
      }
      ReceivedSpan classifier = named(spans, "predict classifier");
      assertEquals("3", classifier.attr("ml.model.version"), "the version the request names");
      assertEquals(List.of("probabilities"), classifier.attributes().get("ml.output.names"), "the outputs the request names");

      ReceivedSpan missing = named(spans, "predict missing");
      assertEquals("ERROR", missing.statusCode());
      assertEquals("NOT_FOUND", missing.attr("error.type"));
      assertEquals(FakeGrpcModelServer.NOT_FOUND_MESSAGE, missing.statusMessage());
      ReceivedSpan refused = spans.stream()
          .filter(s -> s.name().equals("predict resnet") && "ERROR".equals(s.statusCode())).findFirst().orElseThrow(() -> new AssertionError(spans));
      assertEquals("UNAVAILABLE", refused.attr("error.type"));
      assertEquals((long) closed, refused.longAttr("server.port"));
      for (ReceivedSpan span : spans) {
        assertEquals(SCOPE, span.scopeName(), span::toString);
        assertEquals("CLIENT", span.kind(), span::toString);
        assertEquals("", span.parentSpanId(), "no application span is current: each call is a root");
      }

      // The server saw, on each ModelInfer and nowhere else, one traceparent naming that call's span.
      for (FakeGrpcModelServer.Exchange exchange : exchanges) {
        if (exchange.method.endsWith("/ServerLive")) {
          assertTrue(exchange.traceparents.isEmpty(), exchange::toString);
          continue;
        }
        assertEquals(1, exchange.traceparents.size(), exchange::toString);
        Matcher header = TRACEPARENT.matcher(exchange.traceparents.get(0));
        assertTrue(header.matches(), exchange::toString);
        ReceivedSpan span = spans.stream().filter(s -> s.spanId().equals(header.group(2))).findFirst()
            .orElseThrow(() -> new AssertionError("no span named by " + exchange + ": " + spans));
        assertEquals(span.traceId(), header.group(1));
        assertEquals("predict " + exchange.model, span.name());
        assertEquals(1, Integer.parseInt(header.group(3), 16) & 1, "sampled");
      }

      Map<String, Object> resnetKey = Map.of("ml.operation", "predict", "ml.framework", "kserve", "ml.model.name", "resnet");
      Map<Map<String, Object>, ReceivedMetric> resnetDurations = series(receiver, "ml.inference.duration", "resnet");
      assertEquals(1, resnetDurations.get(resnetKey).count(), resnetDurations::toString);
      Map<String, Object> refusedKey = new LinkedHashMap<>(resnetKey);
      refusedKey.put("error.type", "UNAVAILABLE");
      assertEquals(1, resnetDurations.get(refusedKey).count(), resnetDurations::toString);
      assertEquals(3, only(series(receiver, "ml.inference.duration", "slow")).count());
      assertEquals("NOT_FOUND", only(series(receiver, "ml.inference.duration", "missing")).attr("error.type"));
      assertEquals(4.0, only(series(receiver, "ml.inference.batch.size", "classifier")).sum(), "the first input's first dimension");
      ReceivedMetric active = only(series(receiver, "ml.inference.active", "slow"));
      assertEquals(0.0, active.value(), "nothing in flight once the calls ended");
    }
  }

  /** Switched off, the application's calls go through untouched and nothing is recorded. */
  @Test
  void switchedOffNothingIsRecordedAndTheApplicationWorks() {
    try (FakeGrpcModelServer server = FakeGrpcModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = app(receiver, "1.85.1", server, FreePort.pick(), List.of("blocking:resnet", "future:slow", "async:slow"))
          .sysProp("inferscope.instrumentation.grpc.enabled", "false").run().assertSuccess();
      Map<String, String> values = LlmRuns.values(result);
      assertTrue(result.stderr().contains("reactor-netty, vertx-http-client, openai-java"), result.stderr());
      List<FakeGrpcModelServer.Exchange> exchanges = server.exchanges();
      assertEquals(3, exchanges.size());
      for (int i = 0; i < 3; i++) {
        assertEquals("OK", values.get(i + ".status"));
        assertEquals(exchanges.get(i).responseSha256, values.get(i + ".sha256"));
        assertTrue(exchanges.get(i).traceparents.isEmpty(), exchanges::toString);
      }
      assertEquals(List.of(), receiver.spans());
      assertTrue(receiver.metrics().stream().noneMatch(m -> m.name().equals("ml.inference.duration")));
    }
  }

  /**
   * Inside the OpenTelemetry Java agent (InferScope its extension), the agent's own gRPC CLIENT span is a
   * child of the predict span, and the server's traceparent names the agent's span.
   */
  @Test
  void asTheOpenTelemetryAgentsExtensionItsGrpcSpanIsAChildOfThePredictSpan() {
    try (FakeGrpcModelServer server = FakeGrpcModelServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
      ForkedJvm.Result result = AgentApps.exportingTo(jvm.classpathFromTest(), receiver, AgentApps.HTTP)
          .classpath(jars("1.85.1")).mainClass(GrpcModelServerApp.class.getName())
          .args(server.target(), "127.0.0.1:" + FreePort.pick(), "blocking:resnet").run().assertSuccess();
      assertEquals("OK", LlmRuns.values(result).get("0.status"), result.stdout());
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan predict = named(spans, "predict resnet");
      ReceivedSpan grpc = spans.stream().filter(s -> s.name().equals("inference.GRPCInferenceService/ModelInfer") && s.kind().equals("CLIENT"))
          .findFirst().orElseThrow(() -> new AssertionError("no gRPC client span of the agent: " + spans));
      assertEquals(predict.traceId(), grpc.traceId());
      assertEquals(predict.spanId(), grpc.parentSpanId(), "the agent's gRPC span is a child of the predict span");
      List<String> traceparents = server.exchanges().get(0).traceparents;
      assertEquals(1, traceparents.size(), traceparents::toString);
      assertTrue(traceparents.get(0).startsWith("00-" + grpc.traceId() + "-" + grpc.spanId() + "-"),
          () -> "the server's parent is the agent's span: " + traceparents);
    }
  }

  private static ForkedJvm app(OtlpReceiver receiver, String version, FakeGrpcModelServer server, int closed, List<String> calls) {
    return AgentApps.exportingTo(ForkedJvm.java17().withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
        .classpath(jars(version)).mainClass(GrpcModelServerApp.class.getName())
        .args(Stream.concat(Stream.of(server.target(), "127.0.0.1:" + closed), calls.stream()).toArray(String[]::new));
  }

  /** The jars of target/grpc-libs/{version}: grpc-java with Netty, protobuf and their dependencies. */
  static Path[] jars(String version) {
    return LlmRuns.jarsIn("inferscope.grpc.libs", version);
  }

  private static ReceivedSpan named(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, named.size(), () -> name + ": " + spans);
    return named.get(0);
  }

  /** The latest point of each series of {@code name} for {@code model}, by attributes. */
  private static Map<Map<String, Object>, ReceivedMetric> series(OtlpReceiver receiver, String name, String model) {
    Map<Map<String, Object>, ReceivedMetric> latest = new LinkedHashMap<>();
    receiver.metrics().stream().filter(m -> m.name().equals(name) && model.equals(m.attr("ml.model.name")))
        .forEach(m -> latest.put(m.attributes(), m));
    return latest;
  }

  private static ReceivedMetric only(Map<Map<String, Object>, ReceivedMetric> series) {
    assertEquals(1, series.size(), series::toString);
    return series.values().iterator().next();
  }
}
