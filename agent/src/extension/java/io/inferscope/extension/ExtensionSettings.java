package io.inferscope.extension;

import java.util.Locale;
import java.util.Map;

/**
 * The InferScope settings the extension needs while the OpenTelemetry Java agent builds its SDK, before
 * InferScope's own code is loaded. Read by the rules of InferScope's {@code AgentConfig} (system property
 * {@code inferscope.a.b}, else environment variable {@code INFERSCOPE_A_B}; {@code true} or {@code false},
 * any other value counting as the default, which {@code AgentConfig} reports once InferScope starts).
 *
 * <p>Why not InferScope's loader: opened this early, its classes and the JDK classes they use are loaded
 * before that agent's Byte Buddy installs, and its retransformation pass then goes over them; that alone was
 * most of what the extension added to the agent's start-up (about 0.15 s on a hello world here).
 */
final class ExtensionSettings {
  private ExtensionSettings() {}

  /**
   * Defaults below the user's settings for the agent's configuration: its openai-java instrumentation
   * off while InferScope records those calls (InferScope on, with its own openai-java hook and the OkHttp
   * hook under it), so that each call has one GenAI span, with InferScope's stream timings and anomaly
   * verdicts. With either hook off, or InferScope off, the agent keeps its own.
   */
  static Map<String, String> agentDefaults() {
    boolean ours = flag("inferscope.enabled") && flag("inferscope.instrumentation.openai-java.enabled")
        && flag("inferscope.instrumentation.okhttp.enabled");
    return ours ? Map.of("otel.instrumentation.openai-java.enabled", "false") : Map.of();
  }

  /** A setting that is on unless set to {@code false}. */
  private static boolean flag(String key) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value == null || !value.trim().equalsIgnoreCase("false");
  }
}
