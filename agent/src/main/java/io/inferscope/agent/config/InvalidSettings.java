package io.inferscope.agent.config;

import io.inferscope.agent.logging.Redaction;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one voice for a setting that cannot be used, the agent's own or OpenTelemetry's: one line naming
 * the key, its environment variable and the value (redacted: it may hold a credential), what was wrong
 * and what applies instead. Once per key for the life of the process, however many readers trip on it.
 */
public final class InvalidSettings {
  private static final Logger log = LoggerFactory.getLogger(InvalidSettings.class);
  private static final Set<String> reported = ConcurrentHashMap.newKeySet();

  private InvalidSettings() {}

  /**
   * @param problem what is wrong, e.g. {@code expected an integer from 0 to 100}; it must not quote the
   *     value, which is printed here, redacted
   * @param outcome what applies instead, e.g. {@link #usingDefault}
   */
  public static void report(String key, String value, String problem, String outcome) {
    if (reported.add(AgentConfig.envName(key))) {
      log.warn("invalid value '{}' for {} (env {}): {}; {}", Redaction.setting(key, value), key, AgentConfig.envName(key), problem, outcome);
    }
  }

  /** {@code using the default, 5}, or {@code using the default} when the default has no short form. */
  public static String usingDefault(Object defaultValue) {
    return defaultValue == null ? "using the default" : "using the default, " + defaultValue;
  }
}
