package io.inferscope.agent.runtime;

import io.inferscope.agent.config.AgentConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.runtimetelemetry.RuntimeTelemetry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM and process resources a model-serving team watches first: CPU, memory by pool, GC, threads,
 * classes (OpenTelemetry's own runtime-telemetry library, so the names are the JVM runtime conventions'),
 * and the process's resident memory, which no JVM metric shows (native model memory lives outside the
 * heap). Everything is read when metrics are collected: no call of the application pays for it.
 */
public final class RuntimeMetrics {
  /** The off switch, named as the OpenTelemetry Java agent's own ({@code otel.instrumentation.runtime-telemetry.enabled}). */
  public static final String ENABLED = "inferscope.runtime-telemetry.enabled";

  private static final Logger log = LoggerFactory.getLogger(RuntimeMetrics.class);

  private RuntimeMetrics() {}

  /**
   * Starts the runtime metrics of InferScope's own SDK.
   *
   * @return what the start line says about them
   */
  public static String start(OpenTelemetry openTelemetry, AgentConfig config) {
    if (!config.getBoolean(ENABLED, true)) {
      return "runtime metrics off (" + ENABLED + "=false)";
    }
    try {
      RuntimeTelemetry.create(new LibraryScopeName(openTelemetry));
      ProcessMemory.register(openTelemetry);
      return "runtime metrics on";
    } catch (RuntimeException | LinkageError e) {
      log.warn("JVM runtime metrics could not be started ({}); inference and LLM telemetry are not affected", e.toString());
      return "runtime metrics failed";
    }
  }

  /**
   * Inside the OpenTelemetry Java agent, whose runtime-telemetry instrumentation reports the JVM
   * already (never both): only the resident memory it does not report.
   */
  public static void startHosted(OpenTelemetry openTelemetry, AgentConfig config) {
    if (!config.getBoolean(ENABLED, true)) {
      return;
    }
    try {
      ProcessMemory.register(openTelemetry);
    } catch (RuntimeException | LinkageError e) {
      log.warn("the process memory metric could not be started ({})", e.toString());
    }
  }
}
