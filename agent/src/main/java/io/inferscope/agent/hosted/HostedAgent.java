package io.inferscope.agent.hosted;

import io.inferscope.agent.AgentStarter;
import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.drift.DriftMonitor;
import io.inferscope.agent.instrumentation.InstrumentationInstaller;
import io.inferscope.agent.instrumentation.InstrumentationCatalog;
import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import io.inferscope.agent.runtime.RuntimeMetrics;
import io.inferscope.agent.sampling.AnomalySamplerProvider;
import io.inferscope.agent.sampling.AnomalySampling;
import io.inferscope.agent.sampling.SamplingSettings;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InferScope inside the OpenTelemetry Java agent (loaded by {@link HostedAgentLoader}, so every
 * OpenTelemetry type here is that agent's): the same instrumentations as alone, recording through the
 * agent's SDK, so inference and GenAI spans join the agent's traces and go out through its exporters
 * with its resource. InferScope's own SDK is never built. The extension classes at the jar's root
 * call in here reflectively.
 */
public final class HostedAgent {
  private HostedAgent() {}

  /**
   * @param host the agent's OpenTelemetry, or null for the global one (which that agent registers)
   * @param how why InferScope runs this way, for the start line
   */
  public static void start(Instrumentation instrumentation, Object host, String version, File agentJar, String how) {
    AgentConfig config = AgentStarter.configure(version);
    if (config == null) {
      return;
    }
    Logger log = LoggerFactory.getLogger(HostedAgent.class);
    long started = System.nanoTime();
    try {
      OpenTelemetry openTelemetry = host instanceof OpenTelemetry given ? given : GlobalOpenTelemetry.get();
      List<Library> enabled =
          InstrumentationInstaller.install(instrumentation, InstrumentationCatalog.ALL, config, agentJar, openTelemetry, version);
      RuntimeMetrics.startHosted(openTelemetry, config);
      AnomalySampling anomalies = AnomalySampling.current();
      String sampler = "";
      if (anomalies != null) {
        anomalies.registerMetrics(openTelemetry.getMeterProvider(), version);
        sampler = "; sampler: " + SamplingSettings.SAMPLER_NAME + " " + anomalies.settings().describe();
      }
      // That agent flushes its own SDK at exit; open streams must end their spans before it does.
      AgentStarter.registerShutdown(() -> {});
      log.debug("start-up inside the OpenTelemetry Java agent took {} ms", (System.nanoTime() - started) / 1_000_000);
      log.info(
          "InferScope {} started inside the OpenTelemetry Java agent {} ({}): instrumentations {}; spans and metrics go "
              + "through that agent's SDK, exporters and resource{}; {}",
          version, HostAgentInfo.version(), how, AgentStarter.names(enabled), sampler, DriftMonitor.describe());
    } catch (RuntimeException | LinkageError e) {
      log.error("InferScope could not start inside the OpenTelemetry Java agent; the application and that agent run without it", e);
    }
  }

  /** The {@code inferscope_anomaly} sampler, for the agent's SDK configuration. */
  public static Object samplerProvider() {
    return new AnomalySamplerProvider();
  }

  /** The local-trace buffer in front of each of the agent's export processors, when the anomaly sampler is chosen. */
  public static BiFunction<SpanProcessor, ConfigProperties, SpanProcessor> exportProcessorCustomizer() {
    return AnomalySampling::wrap;
  }
}
