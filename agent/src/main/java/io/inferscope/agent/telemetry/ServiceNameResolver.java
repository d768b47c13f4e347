package io.inferscope.agent.telemetry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Names the service from how the JVM was launched when OTEL_SERVICE_NAME is unset, so a user never
 * sees {@code unknown_service:java}: {@code java -jar /opt/model-server-1.4.2.jar} gives
 * {@code model-server}, {@code java com.acme.ScoringService} gives {@code ScoringService}.
 */
final class ServiceNameResolver {
  static final String FALLBACK = "java-application";
  private static final Pattern VERSION_SUFFIX = Pattern.compile("-\\d+(\\.\\d+)*([.-][A-Za-z0-9]+)*$");

  private ServiceNameResolver() {}

  /** @param javaCommand the {@code sun.java.command} system property (main class or jar, then arguments) */
  static String serviceName(String javaCommand) {
    String main = mainToken(javaCommand);
    if (main == null) {
      return FALLBACK;
    }
    if (main.endsWith(".jar")) {
      String file = Paths.get(main).getFileName().toString();
      String name = VERSION_SUFFIX.matcher(file.substring(0, file.length() - 4)).replaceFirst("");
      return name.isEmpty() ? FALLBACK : name;
    }
    String className = main.contains("/") ? main.substring(main.lastIndexOf('/') + 1) : main;
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return simple.isEmpty() ? FALLBACK : simple;
  }

  /** Implementation-Version of the launched jar, or null. */
  static String serviceVersion(String javaCommand) {
    String main = mainToken(javaCommand);
    if (main == null || !main.endsWith(".jar") || !Files.isRegularFile(Path.of(main))) {
      return null;
    }
    try (JarFile jar = new JarFile(main)) {
      Manifest manifest = jar.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue("Implementation-Version");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String mainToken(String javaCommand) {
    if (javaCommand == null || javaCommand.isBlank()) {
      return null;
    }
    String trimmed = javaCommand.trim();
    int space = trimmed.indexOf(' ');
    return space < 0 ? trimmed : trimmed.substring(0, space);
  }
}
