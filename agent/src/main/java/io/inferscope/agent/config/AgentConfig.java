package io.inferscope.agent.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's own settings: system property {@code inferscope.a.b} first, then environment variable
 * {@code INFERSCOPE_A_B}. A value that does not parse is reported once, naming key and value, and the
 * default is used: a typo in a setting must never stop the application.
 */
public final class AgentConfig {
  private static final Logger log = LoggerFactory.getLogger(AgentConfig.class);

  private final Function<String, String> properties;
  private final Function<String, String> environment;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();

  AgentConfig(Function<String, String> properties, Function<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  public static AgentConfig fromSystem() {
    return new AgentConfig(System::getProperty, System::getenv);
  }

  public static AgentConfig of(Map<String, String> properties, Map<String, String> environment) {
    return new AgentConfig(properties::get, environment::get);
  }

  /** The raw value, or null when unset (blank counts as unset). */
  public String raw(String key) {
    String value = properties.apply(key);
    if (value == null || value.isBlank()) {
      value = environment.apply(envName(key));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }

  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String getString(String key, String defaultValue) {
    String value = raw(key);
    return value == null ? defaultValue : value;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        return invalid(key, value, "true or false", defaultValue);
    }
  }

  public int getInt(String key, int defaultValue, int min, int max) {
    String value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    return invalid(key, value, "an integer from " + min + " to " + max, defaultValue);
  }

  public double getDouble(String key, double defaultValue, double min, double max) {
    String value = raw(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    return invalid(key, value, "a number from " + min + " to " + max, defaultValue);
  }

  public boolean instrumentationEnabled(String name, boolean defaultValue) {
    return getBoolean("inferscope.instrumentation." + name + ".enabled", defaultValue);
  }

  private <T> T invalid(String key, String value, String expected, T defaultValue) {
    if (reported.add(key)) {
      log.warn(
          "invalid value '{}' for {} (env {}): expected {}; using the default, {}",
          value, key, envName(key), expected, defaultValue);
    }
    return defaultValue;
  }
}
