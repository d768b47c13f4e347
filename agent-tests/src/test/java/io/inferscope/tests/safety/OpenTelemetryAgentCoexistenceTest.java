package io.inferscope.tests.safety;

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
 * The OpenTelemetry Java agent 2.33.1 attached next to ours, before or after it, exporting over
 * OTLP http/protobuf or gRPC: the app works, both agents export, our ONNX Runtime spans are not
 * duplicated, and no span anywhere describes one of our export requests.
 *
 * <p>Both agents read the same OTEL_* variables and otel.* properties, so they export to the same
 * receiver; each one's data is told apart by its resource's {@code telemetry.distro.name}. For the
 * last check to be able to fail, three things must hold, and the test makes each one true:
 * <ul>
 *   <li>the agents really attach in the named order (each {@code -javaagent} in its place);
 *   <li>requests of ours go out while the other agent is running: the app stays up until
 *       {@link #OUR_METRIC_EXPORTS} of our periodic metric exports arrived, then is stopped with
 *       SIGTERM, so both agents' shutdown hooks flush what they hold;
 *   <li>a span the other agent records reaches the receiver: its method instrumentation traces
 *       {@code OrtApp.loop}, and that span must arrive.
 * </ul>
 */
class OpenTelemetryAgentCoexistenceTest {
  private static final String OTEL_DISTRO = AgentApps.OTEL_AGENT_DISTRO;
  private static final String OUR_DISTRO = "inferscope";
  /** Each one is a request the other agent's OkHttp instrumentation would see, if it saw ours. */
  private static final int OUR_METRIC_EXPORTS = 3;
  /** Where OTLP requests go, over HTTP (paths) and gRPC (service names in the :path). */
  private static final List<String> OTLP_TARGETS =
      List.of("/v1/traces", "/v1/metrics", "/v1/logs", "opentelemetry.proto.collector.");

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
      "otel-first, http/protobuf", "otel-first, grpc",
      "inferscope-first, http/protobuf", "inferscope-first, grpc"})
  void bothAgentsExportAndOurExportRequestsAreNotTraced(String order, String protocol) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = protocol.equals(AgentApps.GRPC) ? OtlpReceiver.grpc() : OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17();
      if (order.equals("otel-first")) {
        jvm.javaagent(AgentApps.openTelemetryJavaAgent());
      }
      jvm = AgentApps.ortApp(jvm, receiver, protocol)
          // Read by the OpenTelemetry agent only: its span for the inference loop shows that what it
          // records does reach this receiver.
          .sysProp("otel.instrumentation.methods.include", "io.inferscope.tests.apps.OrtApp[loop]");
      if (order.equals("inferscope-first")) {
        jvm.javaagent(AgentApps.openTelemetryJavaAgent());
      }
      ForkedJvm.Result result;
      try (ChildProcess app = jvm.args("loop-and-wait", model.toString(), "4", "600").start()) {
        app.waitUntil(OUR_METRIC_EXPORTS + " metric exports of ours arrived", Duration.ofSeconds(90),
            () -> ourInferenceDurationPoints(receiver) >= OUR_METRIC_EXPORTS);
        result = app.stop();
      }
      assertTrue(result.stdout().contains("runs=4"), result.stdout());

      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(4, spans.stream().filter(s -> s.name().equals("predict matmul_relu")).count(), () -> "" + spans);
      assertTrue(spans.stream().anyMatch(s -> s.name().equals("OrtApp.loop") && OTEL_DISTRO.equals(s.resource().get("telemetry.distro.name"))),
          () -> "the OpenTelemetry agent's own span must arrive, or its absence proves nothing: " + summary(spans)
              + "\n" + result.stderr());
      assertTrue(receiver.metrics().stream().anyMatch(m -> OTEL_DISTRO.equals(m.resource().get("telemetry.distro.name"))),
          () -> "the OpenTelemetry agent exported metrics too; its output: " + result.stderr());
      int port = URI.create(receiver.endpoint()).getPort();
      List<ReceivedSpan> exportSpans = spans.stream().filter(s -> describesRequestTo(s, port)).toList();
      assertEquals(List.of(), exportSpans.stream().map(OpenTelemetryAgentCoexistenceTest::describe).toList(),
          "no span may describe an export request to the receiver; all spans: " + summary(spans));
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
      ForkedJvm.Result result = AgentApps.ortApp(ForkedJvm.java17().javaagent(AgentApps.openTelemetryJavaAgent()), receiver, AgentApps.HTTP)
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

  /** One point per metric export: the loop's single series is exported again at every interval (cumulative). */
  private static long ourInferenceDurationPoints(OtlpReceiver receiver) {
    return receiver.metrics().stream()
        .filter(m -> m.name().equals("ml.inference.duration") && OUR_DISTRO.equals(m.resource().get("telemetry.distro.name")))
        .count();
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
