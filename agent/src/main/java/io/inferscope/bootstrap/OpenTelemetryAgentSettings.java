package io.inferscope.bootstrap;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The OpenTelemetry Java agent's own start-up settings, read as that agent reads them: system
 * property, else environment variable, and for the extension list its configuration file last.
 *
 * <p>Stateless on purpose: the extension's entry classes use it before the jar is on the bootstrap
 * path (they need it to find the jar), so the agent's extension loader may hold a copy of its own.
 */
public final class OpenTelemetryAgentSettings {
  /**
   * A bootstrap class of that agent (and of vendor distributions built on it). Assembled at run time:
   * the build's relocation rewrites every constant that starts with OpenTelemetry's package name.
   */
  public static final String AGENT_INITIALIZER =
      String.join(".", "io", "opentelemetry", "javaagent", "bootstrap", "AgentInitializer");
  /** That agent's global OpenTelemetry, set once its SDK is built (its shaded copy of the API's class). */
  static final String AGENT_GLOBAL = String.join(
      ".", "io", "opentelemetry", "javaagent", "shaded", "io", "opentelemetry", "api", "GlobalOpenTelemetry");
  public static final String EXTENSIONS = "otel.javaagent.extensions";
  static final String ENABLED = "otel.javaagent.enabled";
  private static final String CONFIGURATION_FILE = "otel.javaagent.configuration-file";

  private OpenTelemetryAgentSettings() {}

  /** System property, else environment variable (upper case, dots and dashes as underscores). */
  public static String get(String key) {
    String value = System.getProperty(key);
    return value != null ? value : System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
  }

  /** The comma-separated extension list the agent reads, or null when none is named anywhere. */
  public static String extensions() {
    String named = get(EXTENSIONS);
    return named != null ? named : fromConfigurationFile(EXTENSIONS);
  }

  /** The jars the extension list names: files as named, folders by the jars in them. */
  public static List<File> extensionJars() {
    List<File> jars = new ArrayList<>();
    String named = extensions();
    if (named == null) {
      return jars;
    }
    for (String entry : named.split(",")) {
      File location = new File(entry.trim());
      if (entry.isBlank()) {
        continue;
      }
      if (location.isDirectory()) {
        File[] inside = location.listFiles((dir, name) -> name.endsWith(".jar"));
        if (inside != null) {
          jars.addAll(List.of(inside));
        }
      } else {
        jars.add(location);
      }
    }
    return jars;
  }

  private static String fromConfigurationFile(String key) {
    String file = get(CONFIGURATION_FILE);
    if (file == null || file.isBlank()) {
      return null;
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
      properties.load(in);
      return properties.getProperty(key);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
