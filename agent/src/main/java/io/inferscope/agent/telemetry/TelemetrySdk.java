package io.inferscope.agent.telemetry;

import io.inferscope.agent.logging.Redaction;
import io.inferscope.agent.sampling.AnomalySampling;
import io.inferscope.agent.telemetry.TolerantConfigProperties.SettingProblem;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.common.ComponentLoader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's private OpenTelemetry SDK, configured the standard way (OTEL_* environment variables,
 * otel.* system properties) by the SDK's own autoconfiguration. Never registered as the global
 * instance: the application's OpenTelemetry, if it has one, stays its own. A setting the SDK would
 * fail on is reported and left out ({@link BadSettingRecovery}): one typo must not cost all telemetry.
 */
public final class TelemetrySdk {
  private static final Logger log = LoggerFactory.getLogger(TelemetrySdk.class);
  /**
   * The agent's defaults, below the user's settings. OTLP over http/protobuf as the OpenTelemetry Java
   * agent does (the SDK alone would use gRPC): the README's one-variable setup points at port 4318,
   * and a per-signal protocol still wins over this.
   */
  static final Map<String, String> AGENT_DEFAULTS = Map.of("otel.exporter.otlp.protocol", "http/protobuf");

  private final OpenTelemetry openTelemetry;
  private final OpenTelemetrySdk sdk;
  private final String description;

  private TelemetrySdk(OpenTelemetrySdk sdk, String description) {
    this.openTelemetry = sdk == null ? OpenTelemetry.noop() : sdk;
    this.sdk = sdk;
    this.description = description;
  }

  public static TelemetrySdk create(String agentVersion) {
    try {
      ComponentLoader loader = ComponentLoader.forClassLoader(TelemetrySdk.class.getClassLoader());
      BadSettingRecovery.Outcome<SdkAssembly.Built> outcome = BadSettingRecovery.build(
          DefaultConfigProperties.create(AGENT_DEFAULTS, loader), AGENT_DEFAULTS, config -> SdkAssembly.build(config, agentVersion));
      outcome.problems().forEach(SettingProblem::report);
      if (outcome.built() == null) {
        return disabled(outcome.failure());
      }
      OpenTelemetrySdk sdk = outcome.built().sdk();
      String description = outcome.built().description();
      AnomalySampling anomalies = AnomalySampling.current();
      if (anomalies != null) {
        anomalies.registerMetrics(sdk.getMeterProvider(), agentVersion);
        description += " " + anomalies.settings().describe();
      }
      return new TelemetrySdk(sdk, description);
    } catch (RuntimeException | LinkageError e) {
      return disabled(e);
    }
  }

  private static TelemetrySdk disabled(Throwable cause) {
    // The cause's message may quote a setting: printed redacted, and its stack trace only in debug mode.
    log.error("OpenTelemetry could not be configured ({}), so no telemetry is exported; the application is not affected",
        Redaction.text(BadSettingRecovery.reason(cause)));
    log.debug("OpenTelemetry configuration failure", cause);
    return new TelemetrySdk(null, "disabled (configuration error)");
  }

  public OpenTelemetry openTelemetry() {
    return openTelemetry;
  }

  public String description() {
    return description;
  }

  /**
   * Flushes and stops exporting, waiting at most {@code timeoutMillis}: exit must not hang on a dead
   * collector. The SDK's own shutdown blocks in places (the metric reader waits for its last export
   * before it returns a result to wait on), so it runs on a daemon thread that the JVM does not wait for.
   */
  public void shutdown(long timeoutMillis) {
    if (sdk == null) {
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread flush = new Thread(() -> {
      try {
        sdk.shutdown().join(timeoutMillis, TimeUnit.MILLISECONDS);
      } finally {
        done.complete(null);
      }
    }, "inferscope-final-flush");
    flush.setDaemon(true);
    flush.start();
    try {
      done.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.debug("the final flush did not finish within {} ms; exiting without waiting for it", timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      log.debug("the final flush failed", e);
    }
  }
}
