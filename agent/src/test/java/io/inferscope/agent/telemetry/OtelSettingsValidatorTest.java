package io.inferscope.agent.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtelSettingsValidatorTest {
  static Map<String, String> fixes(Map<String, String> settings) {
    return OtelSettingsValidator.overrides(DefaultConfigProperties.createFromMap(settings));
  }

  @Test
  void validSettingsAreLeftAlone() {
    assertTrue(
        fixes(Map.of(
            "otel.exporter.otlp.protocol", "grpc",
            "otel.exporter.otlp.endpoint", "https://collector:4317",
            "otel.traces.exporter", "otlp,console",
            "otel.metrics.exporter", "prometheus",
            "otel.traces.sampler", "parentbased_traceidratio",
            "otel.traces.sampler.arg", "0.25",
            "otel.bsp.schedule.delay", "5s",
            "otel.resource.attributes", "a=b,c=d"))
            .isEmpty());
  }

  @Test
  void invalidSettingsGetTheirDefaults() {
    Map<String, String> fixes =
        fixes(Map.of(
            "otel.exporter.otlp.traces.protocol", "http/json",
            "otel.exporter.otlp.endpoint", "collector:4317",
            "otel.traces.exporter", "otlp,jaeger",
            "otel.traces.sampler.arg", "2",
            "otel.bsp.max.queue.size", "-1",
            "otel.metric.export.interval", "often"));
    assertEquals("http/protobuf", fixes.get("otel.exporter.otlp.traces.protocol"));
    assertEquals("http://localhost:4318", fixes.get("otel.exporter.otlp.endpoint"));
    assertEquals("otlp", fixes.get("otel.traces.exporter"));
    assertEquals("1.0", fixes.get("otel.traces.sampler.arg"));
    assertEquals("2048", fixes.get("otel.bsp.max.queue.size"));
    assertEquals("60000ms", fixes.get("otel.metric.export.interval"));
  }
}
