package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's recommended setup, only OTEL_EXPORTER_OTLP_ENDPOINT, exports over http/protobuf (the
 * SDK's own default would be gRPC); a per-signal protocol still overrides it, and the start line says
 * what was really built. These tests set nothing else: whatever they do not set is the default.
 */
class DefaultExportTest {
  @TempDir Path dir;

  static ForkedJvm ortApp() {
    return ForkedJvm.java17().withAgent().classpathFromTest("onnxruntime").mainClass("io.inferscope.tests.apps.OrtApp");
  }

  static String startLine(ForkedJvm.Result result) {
    return result.stderr().lines().filter(l -> l.contains("InferScope") && l.contains(" started: ")).findFirst()
        .orElseThrow(() -> new AssertionError("no start line: " + result.stderr()));
  }

  static long inferenceCount(OtlpReceiver receiver) {
    return receiver.metrics().stream().filter(m -> m.name().equals("ml.inference.duration"))
        .mapToLong(ReceivedMetric::count).max().orElse(0);
  }

  /**
   * The README's container setup exactly: the agent attached through JAVA_TOOL_OPTIONS (the image's start
   * command unchanged), OTEL_SERVICE_NAME and OTEL_EXPORTER_OTLP_ENDPOINT, nothing else.
   */
  @Test
  void onlyTheEndpointSetSpansAndMetricsArriveOverHttp() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          ForkedJvm.java17().withAgentFromJavaToolOptions().classpathFromTest("onnxruntime").mainClass("io.inferscope.tests.apps.OrtApp")
              .env("OTEL_SERVICE_NAME", "scoring").env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
              .args("overloads", model.toString()).run().assertSuccess();
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
      assertEquals(5, receiver.spans().size(), "1 load + 4 predict spans, sent at exit: " + result.stderr());
      assertEquals("scoring", receiver.spans().get(0).resource().get("service.name"));
      assertEquals(4, inferenceCount(receiver), "metrics sent at exit: " + result.stderr());
      String line = startLine(result);
      assertTrue(line.contains("traces: otlp http/protobuf " + receiver.endpoint() + "/v1/traces, metrics: otlp http/protobuf "
          + receiver.endpoint() + "/v1/metrics, "), line);
    }
  }

  /**
   * One signal switched to gRPC by its own setting, each signal to its own receiver: the other signal
   * stays on the http/protobuf default, and the start line describes both as built.
   */
  @ParameterizedTest
  @ValueSource(strings = {"traces", "metrics"})
  void perSignalProtocolOverridesTheDefaultAndTheStartLineSaysSo(String grpcSignal) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver grpc = OtlpReceiver.grpc(); OtlpReceiver http = OtlpReceiver.http()) {
      String prefix = "OTEL_EXPORTER_OTLP_" + grpcSignal.toUpperCase(Locale.ROOT);
      ForkedJvm.Result result =
          ortApp().env("OTEL_EXPORTER_OTLP_ENDPOINT", http.endpoint())
              .env(prefix + "_PROTOCOL", "grpc")
              .env(prefix + "_ENDPOINT", grpc.endpoint())
              .args("overloads", model.toString()).run().assertSuccess();
      boolean tracesOverGrpc = grpcSignal.equals("traces");
      OtlpReceiver traces = tracesOverGrpc ? grpc : http;
      OtlpReceiver metrics = tracesOverGrpc ? http : grpc;
      assertEquals(5, traces.spans().size(), result.stderr());
      assertEquals(4, inferenceCount(metrics), result.stderr());
      assertEquals(0, metrics.spans().size());
      assertEquals(0, traces.metrics().size());
      String httpTraces = "otlp http/protobuf " + http.endpoint() + "/v1/traces";
      String httpMetrics = "otlp http/protobuf " + http.endpoint() + "/v1/metrics";
      String overGrpc = "otlp grpc " + grpc.endpoint();
      String expected = tracesOverGrpc
          ? "traces: " + overGrpc + ", metrics: " + httpMetrics + ", "
          : "traces: " + httpTraces + ", metrics: " + overGrpc + ", ";
      assertTrue(startLine(result).contains(expected), startLine(result));
    }
  }
}
