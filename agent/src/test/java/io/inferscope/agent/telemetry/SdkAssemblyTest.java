package io.inferscope.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The start line describes the exporters the SDK built, whatever mix of settings led to them. */
class SdkAssemblyTest {
  static String describe(Map<String, String> settings) {
    SdkAssembly.Built built = SdkAssembly.build(
        new TolerantConfigProperties(EverySdkSettingTest.withDefaults(settings), TelemetrySdk.AGENT_DEFAULTS, Set.of()), "test");
    built.sdk().shutdown().join(10, TimeUnit.SECONDS);
    return built.description();
  }

  @Test
  void defaultsAreOtlpOverHttpProtobuf() {
    assertEquals("traces: otlp http/protobuf http://localhost:4318/v1/traces, metrics: otlp http/protobuf http://localhost:4318/v1/metrics,"
        + " sampler: parentbased_always_on", describe(Map.of()));
  }

  /**
   * What the README's table gives as the SDK's defaults, read from the SDK as built (not from its
   * description): a metric export every 60 s and parent-based always-on sampling.
   */
  @Test
  void theSdkIsBuiltWithTheDocumentedDefaults() {
    SdkAssembly.Built built = SdkAssembly.build(
        new TolerantConfigProperties(EverySdkSettingTest.withDefaults(Map.of()), TelemetrySdk.AGENT_DEFAULTS, Set.of()), "test");
    try {
      String meters = built.sdk().getSdkMeterProvider().toString();
      assertTrue(meters.contains("intervalNanos=" + TimeUnit.SECONDS.toNanos(60)), meters);
      String tracers = built.sdk().getSdkTracerProvider().toString();
      assertTrue(tracers.contains("sampler=ParentBased{root:AlwaysOnSampler"), tracers);
    } finally {
      built.sdk().shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void perSignalProtocolsAndEndpointsAsBuilt() {
    assertEquals("traces: otlp grpc http://collector:4317, metrics: otlp http/protobuf https://metrics:4318/base/v1/metrics,"
        + " sampler: traceidratio",
        describe(Map.of("otel.exporter.otlp.traces.protocol", "grpc", "otel.exporter.otlp.traces.endpoint", "http://collector:4317",
            "otel.exporter.otlp.endpoint", "https://metrics:4318/base", "otel.traces.sampler", "traceidratio")));
    assertEquals("traces: otlp http/protobuf http://t:1/v1/traces, metrics: otlp grpc http://localhost:4317, sampler: parentbased_always_on",
        describe(Map.of("otel.exporter.otlp.protocol", "grpc", "otel.exporter.otlp.traces.protocol", "http/protobuf",
            "otel.exporter.otlp.traces.endpoint", "http://t:1/v1/traces")));
  }

  @Test
  void otherExportersByName() {
    assertEquals("traces: console + logging-otlp, metrics: prometheus http://127.0.0.1:0/metrics, sampler: parentbased_always_on",
        describe(Map.of("otel.traces.exporter", "console,logging-otlp", "otel.metrics.exporter", "prometheus",
            "otel.exporter.prometheus.host", "127.0.0.1", "otel.exporter.prometheus.port", "0", "otel.logs.exporter", "none")));
    assertEquals("traces: zipkin http://localhost:9411/api/v2/spans, metrics: none, sampler: parentbased_always_on",
        describe(Map.of("otel.traces.exporter", "zipkin", "otel.metrics.exporter", "none", "otel.logs.exporter", "none")),
        "the default Zipkin endpoint");
    assertEquals("traces: none, metrics: none, sampler: parentbased_always_on",
        describe(Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none", "otel.logs.exporter", "none")));
  }

  @Test
  void credentialsInEndpointsAreMasked() {
    assertEquals("traces: zipkin http://***@zipkin:9411/api/v2/spans?***, metrics: otlp http/protobuf http://***@m:4318/v1/metrics,"
        + " sampler: parentbased_always_on",
        describe(Map.of("otel.traces.exporter", "zipkin", "otel.exporter.zipkin.endpoint", "http://u:pw-123@zipkin:9411/api/v2/spans?token=abc",
            "otel.exporter.otlp.endpoint", "http://u:pw-123@m:4318")));
  }
}
