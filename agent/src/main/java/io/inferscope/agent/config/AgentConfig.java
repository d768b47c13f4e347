package io.inferscope.agent.config;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The agent's own settings: system property {@code inferscope.a.b} first, then environment variable
 * {@code INFERSCOPE_A_B}. A value that does not parse is reported once, naming key and value, and the
 * default is used: a typo in a setting must never stop the application. A value set but empty counts
 * as such a typo, and a set system property wins even when empty, as for the OpenTelemetry settings.
 */
public final class AgentConfig {
  // Integer.parseInt also takes other scripts' digits ("１２３"); a setting that only looks like a number must be reported.
  private static final Pattern ASCII_INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern ASCII_DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final String EMPTY = "a value (it is set but empty)";

  private final Function<String, String> properties;
  private final Function<String, String> environment;

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

  /** The trimmed value, or null when unset; a value set but empty is reported and counts as unset. */
  public String raw(String key) {
    String value = lookup(key);
    return value != null && value.isEmpty() ? invalid(key, value, EMPTY, null) : value;
  }

  /** The trimmed value of the first source that sets the key, empty included; null when none does. */
  private String lookup(String key) {
    String value = properties.apply(key);
    if (value == null) {
      value = environment.apply(envName(key));
    }
    return value == null ? null : value.trim();
  }

  public static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String getString(String key, String defaultValue) {
    String value = lookup(key);
    if (value == null) {
      return defaultValue;
    }
    return value.isEmpty() ? invalid(key, value, EMPTY, defaultValue) : value;
  }

  public boolean getBoolean(String key, boolean defaultValue) {
    String value = lookup(key);
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
    String value = lookup(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      if (ASCII_INTEGER.matcher(value).matches()) {
        int parsed = Integer.parseInt(value);
        if (parsed >= min && parsed <= max) {
          return parsed;
        }
      }
    } catch (NumberFormatException ignored) {
      // beyond int: reported below
    }
    return invalid(key, value, "an integer from " + min + " to " + max, defaultValue);
  }

  public double getDouble(String key, double defaultValue, double min, double max) {
    String value = lookup(key);
    if (value == null) {
      return defaultValue;
    }
    if (ASCII_DECIMAL.matcher(value).matches()) {
      double parsed = Double.parseDouble(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    }
    return invalid(key, value, "a number from " + min + " to " + max, defaultValue);
  }

  public boolean instrumentationEnabled(String name, boolean defaultValue) {
    return getBoolean("inferscope.instrumentation." + name + ".enabled", defaultValue);
  }

  private static <T> T invalid(String key, String value, String expected, T defaultValue) {
    InvalidSettings.report(key, value, "expected " + expected, InvalidSettings.usingDefault(defaultValue));
    return defaultValue;
  }
}
