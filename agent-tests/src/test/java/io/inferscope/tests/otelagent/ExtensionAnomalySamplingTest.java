package io.inferscope.tests.otelagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.ScoringServiceApp;
import io.inferscope.tests.sampling.SampledRuns;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code OTEL_TRACES_SAMPLER=inferscope_anomaly} under the OpenTelemetry Java agent, InferScope as its
 * extension: a scoring service whose every request is a SERVER span with a JDBC query, an HTTP client
 * call and an ONNX Runtime inference under it, the agent's spans and InferScope's in one trace. 600
 * requests, every 50th after the first 300 a genuinely slow inference (the same batch size, wider items). Each slow request's whole trace is
 * exported, the agent's spans included, with the inference flagged; normal traces are kept at the base
 * probability, whole or not at all, by the trace id's ratio decision.
 */
class ExtensionAnomalySamplingTest {
  /** Features per item of a slow request's batch of 4 (4 otherwise): the same batch size, far more work. */
  private static final int SLOW_WIDTH = 4000;

  @TempDir Path dir;

  @Test
  void anAnomalousInferenceKeepsItsWholeRequestTrace() {
    Path model = OnnxModels.gram(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
      ForkedJvm.Result result = SampledRuns.withAnomalySampler(
              AgentApps.exportingTo(jvm.classpathFromTest("onnxruntime", "h2"), receiver, AgentApps.HTTP))
          .mainClass(ScoringServiceApp.class.getName())
          .args(model.toString(), "600", "50", Integer.toString(SLOW_WIDTH)).run().assertSuccess();
      assertTrue(result.stderr().contains("sampler: inferscope_anomaly (normal traces kept with probability 0.25"), result.stderr());
      Map<String, String> counts = SampledRuns.counts(result.stdout());
      int slowRequests = Integer.parseInt(counts.get("slow"));
      int normalRequests = Integer.parseInt(counts.get("normal"));
      assertEquals(6, slowRequests);

      Map<String, List<ReceivedSpan>> traces = receiver.spans().stream().collect(Collectors.groupingBy(ReceivedSpan::traceId));
      List<ReceivedSpan> predicts = receiver.spans().stream().filter(s -> s.name().equals("predict gram")).toList();
      List<ReceivedSpan> slow = predicts.stream().filter(s -> List.of("[4," + SLOW_WIDTH + "]").equals(s.attributes().get("ml.input.shapes"))).toList();
      List<ReceivedSpan> normal = predicts.stream().filter(s -> List.of("[4,4]").equals(s.attributes().get("ml.input.shapes"))).toList();
      SampledRuns.assertAllFlagged(slow, slowRequests, "inference");
      SampledRuns.assertAboutBaseFraction(normal, normalRequests, "requests");
      for (List<ReceivedSpan> trace : traces.values()) {
        // The service's set-up (creating its table) is a trace of its own, with no request in it.
        if (trace.stream().anyMatch(s -> s.name().equals("predict gram"))) {
          assertWholeRequest(trace);
        }
        boolean anomalous = trace.stream().anyMatch(SampledRuns::flagged);
        assertTrue(anomalous || SampledRuns.ratioSampled(trace.get(0).traceId()),
            () -> "a trace without an anomaly is kept only by the trace id's ratio decision: " + describe(trace));
      }
    }
  }

  /** The request's SERVER span as root, with the agent's JDBC and HTTP client spans and InferScope's inference under it. */
  private static void assertWholeRequest(List<ReceivedSpan> trace) {
    List<ReceivedSpan> servers = trace.stream().filter(s -> s.kind().equals("SERVER")).toList();
    assertEquals(1, servers.size(), () -> "one SERVER span: " + describe(trace));
    ReceivedSpan server = servers.get(0);
    assertTrue(server.parentSpanId().isEmpty() || server.parentSpanId().matches("0+"), () -> "the root: " + server);
    assertEquals(1, trace.stream().filter(s -> s.kind().equals("CLIENT")
        && (s.attributes().containsKey("db.system.name") || s.attributes().containsKey("db.system"))).count(),
        () -> "the JDBC span: " + describe(trace));
    assertEquals(1, trace.stream().filter(s -> s.kind().equals("CLIENT") && s.attributes().containsKey("http.request.method")).count(),
        () -> "the HTTP client span: " + describe(trace));
    ReceivedSpan predict = trace.stream().filter(s -> s.name().equals("predict gram")).findFirst()
        .orElseThrow(() -> new AssertionError("the inference span: " + describe(trace)));
    assertEquals(server.spanId(), predict.parentSpanId(), () -> "the inference is a child of the request: " + describe(trace));
  }

  private static String describe(List<ReceivedSpan> trace) {
    return trace.stream().map(s -> s.kind() + " " + s.name() + " [" + s.scopeName() + "] " + s.spanId() + "<-" + s.parentSpanId())
        .toList().toString();
  }
}
