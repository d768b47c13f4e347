package io.inferscope.tests.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the benchmarks find the agents and put their reports. Paths are resolved from the
 * agent-tests module, found through the compiled classes, so the working directory does not matter.
 */
final class BenchPaths {
  private BenchPaths() {}

  /** The InferScope agent: system property {@code inferscope.agent.jar}, else the one the agent module built. */
  static Path inferScopeAgent() {
    String configured = System.getProperty("inferscope.agent.jar");
    Path jar = configured != null
        ? Path.of(configured)
        : module().resolve("../agent/target/inferscope-agent.jar");
    return existing(jar.toAbsolutePath().normalize(), "build the agent first: mvn -B -ntp install -DskipTests");
  }

  /** The OpenTelemetry Java agent that the build copies into target/bench-libs. */
  static Path openTelemetryAgent() {
    return existing(module().resolve("target/bench-libs/opentelemetry-javaagent.jar"),
        "run mvn -pl agent-tests test-compile, which copies it there");
  }

  /** The Spring Boot application's executable jar (agent-tests/spring-boot-app), for the start-up benchmark. */
  static Path springBootApp() {
    return existing(module().resolve("spring-boot-app/target/inferscope-boot-app.jar"),
        "build it first: mvn -B -ntp -pl agent-tests/spring-boot-app package");
  }

  /** target/benchmarks, created if needed. */
  static Path reports() {
    Path dir = module().resolve("target/benchmarks");
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  /** Writes a report into {@link #reports()} and prints it. */
  static void publish(String fileName, String markdown) {
    Path file = reports().resolve(fileName);
    try {
      Files.writeString(file, markdown);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    System.out.println();
    System.out.print(markdown);
    System.out.println("(written to " + file + ")");
  }

  /** agent-tests: the classes live in its target/test-classes. */
  private static Path module() {
    try {
      Path classes = Path.of(BenchPaths.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent().getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the compiled benchmark classes", e);
    }
  }

  private static Path existing(Path file, String hint) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("not found: " + file + "; " + hint);
    }
    return file;
  }
}
