package io.inferscope.agent.config;

/** Names and defaults of the agent-wide settings (instrumentation switches live with each instrumentation). */
public final class AgentSettings {
  public static final String DEBUG = "inferscope.debug";
  /** The agent's own off switch, for turning it off where the -javaagent flag cannot be removed. */
  public static final String ENABLED = "inferscope.enabled";
  /** Longest time the JVM exit waits for telemetry to be flushed. */
  public static final String SHUTDOWN_TIMEOUT_MS = "inferscope.shutdown.timeout.ms";
  public static final int DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;
  /** OpenTelemetry's own switch (OTEL_SDK_DISABLED): with the SDK off there is nothing to record for. */
  public static final String OTEL_SDK_DISABLED = "otel.sdk.disabled";

  private AgentSettings() {}
}
