package io.inferscope.agent.telemetry;

import io.inferscope.agent.sampling.AnomalySampling;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One build of the agent's SDK by the SDK's autoconfiguration, with the agent's customizers: resource,
 * console output, export-health reporting, the anomaly sampler's processors. It notes each exporter as
 * the SDK hands it over, so the description says what was built.
 */
final class SdkAssembly {
  static final String DEFAULT_SAMPLER = "parentbased_always_on";

  private final List<String> traces = new ArrayList<>();
  private final List<String> metrics = new ArrayList<>();
  /** Set once this attempt's SDK is built: export health is not reported for a failed attempt's exporters. */
  private final AtomicBoolean inService = new AtomicBoolean();
  private String sampler = DEFAULT_SAMPLER;

  private SdkAssembly() {}

  /** What one successful attempt built. */
  record Built(OpenTelemetrySdk sdk, String description) {}

  static Built build(ConfigProperties config, String agentVersion) {
    SdkAssembly assembly = new SdkAssembly();
    AutoConfiguredOpenTelemetrySdk configured =
        builderReading(config)
            .addResourceCustomizer((resource, c) -> AgentResource.complete(resource, agentVersion))
            .addSpanExporterCustomizer((exporter, c) -> assembly.span(exporter))
            .addMetricExporterCustomizer((exporter, c) -> assembly.metric(exporter))
            .addMetricReaderCustomizer((reader, c) -> assembly.reader(reader))
            .addSamplerCustomizer(
                (built, c) -> {
                  // Read from the same view the SDK just built the sampler from, hidden keys included.
                  assembly.sampler = c.getString("otel.traces.sampler", DEFAULT_SAMPLER);
                  return built;
                })
            .addSpanProcessorCustomizer(AnomalySampling::wrap)
            .build();
    assembly.inService.set(true);
    return new Built(configured.getOpenTelemetrySdk(), assembly.describe());
  }

  /**
   * A builder that reads exactly {@code config}, nothing else: the SDK's usual path reads the system
   * properties and environment once more, unchecked, for {@code otel.config.file}. The setter is
   * package-private in the SDK (its tests use it); our copy of the SDK is fixed at build time and our
   * own loader's, so the reflective call cannot meet another version.
   */
  static AutoConfiguredOpenTelemetrySdkBuilder builderReading(ConfigProperties config) {
    AutoConfiguredOpenTelemetrySdkBuilder builder =
        AutoConfiguredOpenTelemetrySdk.builder().setServiceClassLoader(SdkAssembly.class.getClassLoader()).disableShutdownHook();
    try {
      Method setConfig = AutoConfiguredOpenTelemetrySdkBuilder.class.getDeclaredMethod("setConfig", ConfigProperties.class);
      setConfig.setAccessible(true);
      setConfig.invoke(builder, config);
      return builder;
    } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("this OpenTelemetry SDK cannot be given its settings", e);
    }
  }

  private SpanExporter span(SpanExporter exporter) {
    ExportHealth health = noted("traces", exporter, traces);
    return exporter instanceof LoggingSpanExporter ? new ConsoleSpanExporter() : new ReportingSpanExporter(exporter, health);
  }

  private MetricExporter metric(MetricExporter exporter) {
    ExportHealth health = noted("metrics", exporter, metrics);
    return exporter instanceof LoggingMetricExporter ? new ConsoleMetricExporter() : new ReportingMetricExporter(exporter, health);
  }

  /** Notes where the exporter sends {@code signal}, and watches its exports under that name. */
  private ExportHealth noted(String signal, Object exporter, List<String> destinations) {
    String destination = ExportDestination.of(exporter);
    destinations.add(destination);
    return new ExportHealth(signal, destination, inService::get);
  }

  // Prometheus is a reader, not an exporter: the others' readers wrap an exporter already noted.
  private MetricReader reader(MetricReader reader) {
    if (reader instanceof PrometheusHttpServer) {
      metrics.add(ExportDestination.of(reader));
    }
    return reader;
  }

  private String describe() {
    return "traces: " + list(traces) + ", metrics: " + list(metrics) + ", sampler: " + sampler;
  }

  private static String list(List<String> destinations) {
    return destinations.isEmpty() ? "none" : String.join(" + ", destinations);
  }
}
