package io.inferscope.tests.otelagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both agents attached with {@code -javaagent}, in either order, exporting over OTLP http/protobuf or
 * gRPC: InferScope runs inside the OpenTelemetry Java agent (joining it when that agent started first,
 * handing itself over to it when it starts after), so there is one SDK: InferScope's inference spans are
 * children of the agent's span, nothing goes out under InferScope's own resource, the start line says
 * which way it went, and no span anywhere describes an export request.
 *
 * <p>For the last check to be able to fail, exports must go out while instrumentation runs: the app
 * stays up until {@link #METRIC_EXPORTS} periodic exports of InferScope's metric arrived, then is
 * stopped with SIGTERM, so the agent's shutdown hook flushes what it holds.
 */
class BothJavaagentsTest {
  private static final String OTEL_DISTRO = AgentApps.OTEL_AGENT_DISTRO;
  private static final String OUR_DISTRO = "inferscope";
  private static final int METRIC_EXPORTS = 3;
  /** Where OTLP requests go, over HTTP (paths) and gRPC (service names in the :path). */
  private static final List<String> OTLP_TARGETS =
      List.of("/v1/traces", "/v1/metrics", "/v1/logs", "opentelemetry.proto.collector.");
  private static final String JOINED = "(attached with -javaagent after that agent, so it joined it as an extension rather than split traces)";
  private static final String HANDED_OVER =
      "(attached with -javaagent before that agent, so it handed itself over as its extension rather than split traces)";

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
      "otel-first, http/protobuf", "otel-first, grpc",
      "inferscope-first, http/protobuf", "inferscope-first, grpc"})
  void inferScopeRunsInsideTheOpenTelemetryAgentInEitherOrder(String order, String protocol) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = protocol.equals(AgentApps.GRPC) ? OtlpReceiver.grpc() : OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17();
      if (order.equals("otel-first")) {
        jvm.javaagent(AgentApps.openTelemetryJavaAgent());
      }
      jvm = AgentApps.ortApp(jvm, receiver, protocol)
          .sysProp("otel.instrumentation.methods.include", "io.inferscope.tests.apps.OrtApp[loop]");
      if (order.equals("inferscope-first")) {
        jvm.javaagent(AgentApps.openTelemetryJavaAgent());
      }
      ForkedJvm.Result result;
      try (ChildProcess app = jvm.args("loop-and-wait", model.toString(), "4", "600").start()) {
        app.waitUntil(METRIC_EXPORTS + " metric exports arrived", Duration.ofSeconds(90),
            () -> inferenceDurationPoints(receiver) >= METRIC_EXPORTS);
        result = app.stop();
      }
      assertTrue(result.stdout().contains("runs=4"), result.stdout());
      assertTrue(result.stderr().contains("started inside the OpenTelemetry Java agent " + AgentApps.OTEL_AGENT_NEWEST + " "
          + (order.equals("otel-first") ? JOINED : HANDED_OVER)), result.stderr());

      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan loop = ExtensionModeTest.only(spans, "OrtApp.loop");
      List<ReceivedSpan> predicts = spans.stream().filter(s -> s.name().equals("predict matmul_relu")).toList();
      assertEquals(4, predicts.size(), () -> summary(spans));
      assertTrue(predicts.stream().allMatch(p -> p.traceId().equals(loop.traceId()) && p.parentSpanId().equals(loop.spanId())),
          () -> "every inference span is a child of the agent's span: " + ExtensionModeTest.summary(spans));
      assertTrue(spans.stream().noneMatch(s -> OUR_DISTRO.equals(s.resource().get("telemetry.distro.name"))), () -> summary(spans));
      assertTrue(receiver.metrics().stream().noneMatch(m -> OUR_DISTRO.equals(m.resource().get("telemetry.distro.name"))),
          "InferScope's own SDK exported metrics");
      int port = URI.create(receiver.endpoint()).getPort();
      List<ReceivedSpan> exportSpans = spans.stream().filter(s -> describesRequestTo(s, port)).toList();
      assertEquals(List.of(), exportSpans.stream().map(BothJavaagentsTest::describe).toList(),
          "no span may describe an export request to the receiver; all spans: " + summary(spans));
    }
  }

  /**
   * The jar given twice, as the agent's extension and with its own {@code -javaagent} after the agent:
   * the extension starts first and the second copy stays out, so every inference is recorded once.
   */
  @Test
  void aSecondCopyOfInferScopeDoesNothing() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
      ForkedJvm.Result result = AgentApps.ortApp(jvm, receiver, AgentApps.HTTP)
          .sysProp("otel.instrumentation.methods.include", "io.inferscope.tests.apps.OrtApp[loop]")
          .args("loop", model.toString(), "4").run().assertSuccess();
      assertEquals(1, result.stderr().lines().filter(l -> l.contains("InferScope") && l.contains(" started")).count(), result.stderr());
      assertTrue(result.stderr().contains(
          "InferScope already runs inside the OpenTelemetry Java agent; this -javaagent copy does nothing"), result.stderr());
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan loop = ExtensionModeTest.only(spans, "OrtApp.loop");
      List<ReceivedSpan> predicts = spans.stream().filter(s -> s.name().equals("predict matmul_relu")).toList();
      assertEquals(4, predicts.size(), () -> summary(spans));
      assertTrue(predicts.stream().allMatch(p -> p.parentSpanId().equals(loop.spanId())), () -> ExtensionModeTest.summary(spans));
    }
  }

  /**
   * The anomaly sampler named with the OpenTelemetry agent attached first: that agent's SDK is configured
   * before InferScope runs, does not know the sampler and fails (it says so). InferScope sees the agent
   * did not start and runs on its own, with the sampler, rather than inside an agent that records nothing.
   */
  @Test
  void anOpenTelemetryAgentThatDidNotStartLeavesInferScopeOnItsOwn() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ortAppAfterTheAgent(receiver)
          .env("OTEL_TRACES_SAMPLER", "inferscope_anomaly")
          .args("loop", model.toString(), "4").run().assertSuccess();
      assertTrue(result.stderr().contains("Unrecognized value for otel.traces.sampler: inferscope_anomaly"), result.stderr());
      assertTrue(result.stderr().contains("the OpenTelemetry Java agent attached before InferScope did not start"), result.stderr());
      assertTrue(result.stderr().contains("started: instrumentations") && result.stderr().contains("sampler: inferscope_anomaly"),
          result.stderr());
      assertTrue(receiver.metrics().stream().anyMatch(m -> m.name().equals("ml.inference.duration")
          && OUR_DISTRO.equals(m.resource().get("telemetry.distro.name"))), "InferScope's own SDK exports");
    }
  }

  /**
   * inferscope.enabled=false turns InferScope off and leaves the other agent alone (OTEL_SDK_DISABLED would
   * turn both off): the OpenTelemetry agent's span for the loop still arrives, nothing of ours does.
   */
  @Test
  void switchedOffItLeavesTheOpenTelemetryAgentAlone() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ortAppAfterTheAgent(receiver)
          .sysProp("otel.instrumentation.methods.include", "io.inferscope.tests.apps.OrtApp[loop]")
          .env("INFERSCOPE_ENABLED", "false")
          .args("loop", model.toString(), "4").run().assertSuccess();
      assertTrue(result.stderr().contains("is off: inferscope.enabled=false"), result.stderr());
      List<ReceivedSpan> spans = receiver.spans();
      assertTrue(spans.stream().anyMatch(s -> s.name().equals("OrtApp.loop") && OTEL_DISTRO.equals(s.resource().get("telemetry.distro.name"))),
          () -> summary(spans) + "\n" + result.stderr());
      assertTrue(spans.stream().noneMatch(s -> OUR_DISTRO.equals(s.resource().get("telemetry.distro.name"))), () -> summary(spans));
      assertTrue(receiver.metrics().stream().noneMatch(m -> OUR_DISTRO.equals(m.resource().get("telemetry.distro.name"))));
    }
  }

  /** The ONNX Runtime application with the OpenTelemetry agent attached first, then InferScope. */
  private static ForkedJvm ortAppAfterTheAgent(OtlpReceiver receiver) {
    return AgentApps.ortApp(ForkedJvm.java17().javaagent(AgentApps.openTelemetryJavaAgent()), receiver, AgentApps.HTTP);
  }

  /** One point per metric export: the loop's single series is exported again at every interval (cumulative). */
  private static long inferenceDurationPoints(OtlpReceiver receiver) {
    return receiver.metrics().stream().filter(m -> m.name().equals("ml.inference.duration")).count();
  }

  /** Whether the span names the receiver's port or an OTLP path or service, in its name or any attribute. */
  private static boolean describesRequestTo(ReceivedSpan span, int port) {
    if (mentionsOtlp(span.name(), port)) {
      return true;
    }
    for (Map.Entry<String, Object> attribute : span.attributes().entrySet()) {
      Object value = attribute.getValue();
      if (value instanceof String text && mentionsOtlp(text, port)) {
        return true;
      }
      if (attribute.getKey().endsWith(".port") && value instanceof Long number && number == port) {
        return true;
      }
    }
    return false;
  }

  private static boolean mentionsOtlp(String text, int port) {
    return text.contains(":" + port) || OTLP_TARGETS.stream().anyMatch(text::contains);
  }

  private static String describe(ReceivedSpan span) {
    return span.kind() + " " + span.name() + " " + span.attributes() + " from " + span.resource().get("telemetry.distro.name");
  }

  private static String summary(List<ReceivedSpan> spans) {
    return spans.stream().map(s -> s.kind() + " " + s.name() + " (" + s.resource().get("telemetry.distro.name") + ")")
        .collect(Collectors.groupingBy(line -> line, Collectors.counting())).toString();
  }
}
