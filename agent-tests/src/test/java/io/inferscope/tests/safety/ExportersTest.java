package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.LocalHttp;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The standard exporter settings all work from the agent: console, logging-otlp, none, prometheus,
 * OTLP headers, the SDK switched off; and exit flushes.
 */
class ExportersTest {
  @TempDir Path dir;

  ForkedJvm ortApp() {
    return ForkedJvm.java17().withAgent().classpathFromTest("onnxruntime").mainClass("io.inferscope.tests.apps.OrtApp");
  }

  ForkedJvm ortAppTo(OtlpReceiver receiver) {
    return AgentApps.exportingTo(ortApp(), receiver, AgentApps.HTTP);
  }

  @Test
  void consoleExporterPrintsEverySpanAndTheFinalMetrics() {
    Path model = OnnxModels.matmulRelu(dir);
    ForkedJvm.Result result =
        ortApp().env("OTEL_TRACES_EXPORTER", "console").env("OTEL_METRICS_EXPORTER", "console").env("OTEL_LOGS_EXPORTER", "none")
            .args("overloads", model.toString()).run().assertSuccess();
    String err = result.stderr();
    assertEquals(4, err.lines().filter(l -> l.startsWith("[inferscope] INFO [console] 'predict matmul_relu'")).count(), err);
    assertTrue(err.lines().anyMatch(l -> l.startsWith("[inferscope] INFO [console] metric ml.inference.duration [s]") && l.contains("count=4")),
        "metrics flushed at exit: " + err);
  }

  /**
   * Spans and metrics as OTLP JSON. The exporter prints through java.util.logging, which the JVM closes at
   * exit (the README says so), so what is printed here is what the schedules exported while it ran.
   */
  @Test
  void loggingOtlpExporterPrintsOtlpJson() {
    Path model = OnnxModels.matmulRelu(dir);
    ForkedJvm.Result result =
        ortApp().env("OTEL_TRACES_EXPORTER", "logging-otlp").env("OTEL_METRICS_EXPORTER", "logging-otlp").env("OTEL_LOGS_EXPORTER", "none")
            .env("OTEL_BSP_SCHEDULE_DELAY", "100").env("OTEL_METRIC_EXPORT_INTERVAL", "300")
            .args("loop-and-wait", model.toString(), "3", "2").run().assertSuccess();
    assertTrue(result.stderr().contains("\"name\":\"predict matmul_relu\""), result.stderr());
    assertTrue(result.stderr().contains("\"name\":\"ml.inference.duration\""), "metrics too: " + result.stderr());
  }

  @Test
  void noneExportsNothingAndSaysSo() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          ortAppTo(receiver)
              .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none")
              .args("overloads", model.toString()).run().assertSuccess();
      assertTrue(result.stderr().contains("traces: none, metrics: none"), result.stderr());
      assertEquals(0, receiver.requestCount());
    }
  }

  /**
   * A hosted backend authenticates by header: OTEL_EXPORTER_OTLP_HEADERS must reach it on every
   * signal, and the key must appear nowhere else, neither in the telemetry nor in what the agent prints.
   */
  @Test
  void otlpHeadersReachTheBackendAndTheKeyIsNeverRecorded() {
    Path model = OnnxModels.matmulRelu(dir);
    String key = "sk-test-7f3a9c0e51d24b86";
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          ortAppTo(receiver)
              .env("OTEL_EXPORTER_OTLP_HEADERS", "api-key=" + key + ",x-tenant=team%20a")
              .args("overloads", model.toString()).run().assertSuccess();
      assertEquals(5, receiver.spans().size(), "1 load + 4 predict spans: " + receiver.spans());
      assertTrue(receiver.metrics().stream().anyMatch(m -> m.name().equals("ml.inference.duration")), "metrics exported");
      assertEquals(Set.of(key), receiver.headerValues("api-key"));
      assertEquals(Set.of("team a"), receiver.headerValues("x-tenant"), "values are URL-decoded, as the spec says");
      assertFalse(new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1).contains(key), "key in telemetry");
      assertFalse(result.stderr().contains(key), result.stderr());
      assertFalse(result.stdout().contains(key), result.stdout());
    }
  }

  /**
   * Backends that want deltas (OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=delta) get each call
   * once: over several exports the counts add up to the calls made, where cumulative points would
   * repeat them.
   */
  @Test
  void deltaTemporalityCountsEachCallOnce() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ortAppTo(receiver)
          .env("OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "delta")
          .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
          .args("loop-and-wait", model.toString(), "5", "2").run().assertSuccess();
      List<ReceivedMetric> points =
          receiver.metrics().stream().filter(m -> m.name().equals("ml.inference.duration")).toList();
      assertEquals(5, points.stream().mapToLong(ReceivedMetric::count).sum(), "counts per export: " + points.stream().map(ReceivedMetric::count).toList());
      assertTrue(receiver.requestCount() > 3, "several exports happened: " + receiver.requestCount());
    }
  }

  @ParameterizedTest
  @CsvSource({
    "OTEL_SDK_DISABLED, true, OpenTelemetry SDK disabled (otel.sdk.disabled=true)",
    "INFERSCOPE_ENABLED, false, inferscope.enabled=false"})
  void switchedOffItInstallsNothingSendsNothingAndSaysSo(String variable, String value, String reason) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = ortAppTo(receiver).env(variable, value).args("overloads", model.toString()).run().assertSuccess();
      assertTrue(result.stderr().contains("is off: " + reason + ", so nothing is instrumented"), result.stderr());
      assertFalse(result.stderr().contains("started"), "no instrumentation installed: " + result.stderr());
      assertTrue(result.stdout().contains("calls=4"), "the application ran: " + result.stdout());
      assertEquals(0, receiver.requestCount());
    }
  }

  @Test
  void exitFlushesWhatTheSchedulesHaveNotSentYet() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ortAppTo(receiver)
          .env("OTEL_BSP_SCHEDULE_DELAY", "600000")
          .env("OTEL_METRIC_EXPORT_INTERVAL", "600000")
          .args("overloads", model.toString())
          .run()
          .assertSuccess();
      assertEquals(5, receiver.spans().size(), "1 load + 4 predict spans sent at exit: " + receiver.spans());
      assertTrue(receiver.metrics().stream().anyMatch(m -> m.name().equals("ml.inference.duration") && m.count() == 4));
    }
  }

  /** The host is left at its default, which the README's table gives (localhost since SDK 1.63); the port is a free one. */
  @Test
  void prometheusEndpointServesTheMetrics() {
    Path model = OnnxModels.matmulRelu(dir);
    int port = FreePort.pick();
    try (ChildProcess app =
        ortApp().env("OTEL_TRACES_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none")
            .env("OTEL_METRICS_EXPORTER", "prometheus")
            .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port))
            .args("loop-and-wait", model.toString(), "50", "60")
            .start()) {
      app.waitForOutput("waiting", Duration.ofSeconds(60));
      String body = LocalHttp.get("http://127.0.0.1:" + port + "/metrics");
      assertTrue(body.lines().anyMatch(l -> l.startsWith("ml_inference_duration_seconds_count{") && l.contains("ml_model_name=\"matmul_relu\"") && l.endsWith(" 50")),
          body);
      assertTrue(body.contains("ml_inference_duration_seconds_bucket{"), body);
      assertTrue(body.contains("ml_model_load_duration_seconds_count{"), body);
      String err = app.stop().stderr();
      assertTrue(err.contains("metrics: prometheus http://localhost:" + port + "/metrics"), err);
    }
  }
}
