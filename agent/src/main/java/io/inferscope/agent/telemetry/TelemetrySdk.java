package io.inferscope.agent.telemetry;

import io.inferscope.agent.sampling.AnomalySampling;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's private OpenTelemetry SDK, configured the standard way (OTEL_* environment variables,
 * otel.* system properties) by the SDK's own autoconfiguration. Never registered as the global
 * instance: the application's OpenTelemetry, if it has one, stays its own.
 */
public final class TelemetrySdk {
  private static final Logger log = LoggerFactory.getLogger(TelemetrySdk.class);
  private static final String SAMPLING_SCOPE = "io.inferscope.sampling";

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final String description;

  private TelemetrySdk(OpenTelemetrySdk sdk, String description) {
    this.openTelemetry = sdk == null ? OpenTelemetry.noop() : sdk;
    this.sdk = sdk;
    this.description = description;
  }

  public static TelemetrySdk create(String agentVersion) {
    String[] description = {"disabled"};
    try {
      AutoConfiguredOpenTelemetrySdk configured =
          AutoConfiguredOpenTelemetrySdk.builder()
              .setServiceClassLoader(TelemetrySdk.class.getClassLoader())
              .disableShutdownHook()
              .addPropertiesCustomizer(OtelSettingsValidator::overrides)
              .addResourceCustomizer((resource, config) -> AgentResource.complete(resource, agentVersion))
              .addSpanExporterCustomizer(
                  (exporter, config) ->
                      exporter instanceof LoggingSpanExporter
                          ? new ConsoleSpanExporter()
                          : new ReportingSpanExporter(exporter, health(config, "traces")))
              .addMetricExporterCustomizer(
                  (exporter, config) ->
                      exporter instanceof LoggingMetricExporter
                          ? new ConsoleMetricExporter()
                          : new ReportingMetricExporter(exporter, health(config, "metrics")))
              .addSpanProcessorCustomizer(AnomalySampling::wrap)
              .addPropertiesCustomizer(config -> {
                description[0] = describe(config);
                return Map.of();
              })
              .build();
      OpenTelemetrySdk sdk = configured.getOpenTelemetrySdk();
      AnomalySampling anomalies = AnomalySampling.current();
      if (anomalies != null) {
        anomalies.registerMetrics(sdk.getMeterProvider().meterBuilder(SAMPLING_SCOPE).setInstrumentationVersion(agentVersion).build());
      }
      return new TelemetrySdk(sdk, anomalies == null ? description[0] : description[0] + " " + anomalies.settings().describe());
    } catch (RuntimeException | LinkageError e) {
      log.error("OpenTelemetry could not be configured, so no telemetry is exported; the application is not affected", e);
      return new TelemetrySdk(null, "disabled (configuration error)");
    }
  }

  private static ExportHealth health(ConfigProperties config, String signal) {
    return new ExportHealth(signal, ExportDestination.describe(config, signal));
  }

  private static String describe(ConfigProperties config) {
    return "traces: " + ExportDestination.describe(config, "traces")
        + ", metrics: " + ExportDestination.describe(config, "metrics")
        + ", sampler: " + config.getString("otel.traces.sampler", "parentbased_always_on");
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public String description() {
    return description;
  }

  /** Flushes and stops exporting, waiting at most {@code timeoutMillis}: exit must not hang on a dead collector. */
  public void shutdown(long timeoutMillis) {
    if (sdk != null) {
      sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
    }
  }
}
