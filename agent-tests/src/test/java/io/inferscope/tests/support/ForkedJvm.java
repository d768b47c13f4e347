package io.inferscope.tests.support;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds and launches a separate JVM, typically the sample application with the agent attached,
 * so tests observe the agent exactly as a user would run it.
 *
 * <p>Every child runs offline and without vendor telemetry, and does not inherit OTEL_*,
 * INFERSCOPE_* or JVM-options variables from the developer's shell: whatever the child is
 * configured with, the test set explicitly.
 */
public final class ForkedJvm {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);
  private static final String DEFAULT_JAVA17_HOME = "/usr/lib/jvm/java-17-openjdk-amd64";
  private static final String DEFAULT_JAVA25_HOME = "/usr/lib/jvm/temurin-25-jdk-amd64";
  private static final List<String> INHERITED_ENV_PREFIXES_DROPPED = List.of("OTEL_", "INFERSCOPE_");
  private static final List<String> INHERITED_ENV_DROPPED =
      List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS", "_JAVA_OPTIONS");

  private final Path java;
  private final boolean restrictsNativeAccess;
  private final List<String> jvmArgs = new ArrayList<>();
  private final Map<String, String> sysProps = new LinkedHashMap<>();
  private final Map<String, String> env = new LinkedHashMap<>();
  private final Set<Path> classpath = new LinkedHashSet<>();
  private final List<String> args = new ArrayList<>();
  /** {@code -javaagent} jars in the order they were added, which is the order the JVM attaches them. */
  private final List<Path> agents = new ArrayList<>();
  private String mainClass;
  private Path executableJar;
  private Duration timeout = DEFAULT_TIMEOUT;

  private ForkedJvm(Path javaHome, boolean restrictsNativeAccess) {
    this.java = javaHome.resolve("bin").resolve("java");
    if (!Files.isExecutable(java)) {
      throw new AssertionError("no java executable at " + java);
    }
    this.restrictsNativeAccess = restrictsNativeAccess;
    // Model libraries phone home or download by default; tests must never touch the network.
    env.put("ORT_DISABLE_TELEMETRY", "1");
    env.put("DJL_OFFLINE", "true");
    env.put("OPT_OUT_TRACKING", "true");
    sysProps.put("ai.djl.offline", "true");
  }

  /** Java 17: {@code inferscope.java17.home}, else the JVM running the tests if it is a 17. */
  public static ForkedJvm java17() {
    String home = System.getProperty("inferscope.java17.home");
    if (home == null) {
      home = Runtime.version().feature() == 17 ? System.getProperty("java.home") : DEFAULT_JAVA17_HOME;
    }
    return new ForkedJvm(Path.of(home), false);
  }

  /** Java 25 from {@code inferscope.java25.home}; it warns on JNI use unless native access is enabled. */
  public static ForkedJvm java25() {
    return new ForkedJvm(Path.of(System.getProperty("inferscope.java25.home", DEFAULT_JAVA25_HOME)), true);
  }

  /**
   * Attaches the packaged agent named by the {@code inferscope.agent.jar} system property, after any
   * agent added before this call ({@link #javaagent}) and before any added after it.
   */
  public ForkedJvm withAgent() {
    agents.add(agentJar());
    return this;
  }

  /**
   * Attaches the packaged agent the way the README's container setup does, through JAVA_TOOL_OPTIONS,
   * so the command line stays as it is (the JVM says "Picked up JAVA_TOOL_OPTIONS" on stderr).
   */
  public ForkedJvm withAgentFromJavaToolOptions() {
    return env("JAVA_TOOL_OPTIONS", "-javaagent:" + agentJar());
  }

  /**
   * Runs InferScope the OpenTelemetry Java agent's way: that agent attached with {@code -javaagent},
   * InferScope's jar named in {@code -Dotel.javaagent.extensions}, exactly as the README's command line.
   */
  public ForkedJvm withAgentAsExtensionOf(Path openTelemetryAgent) {
    return javaagent(openTelemetryAgent).sysProp("otel.javaagent.extensions", agentJar().toString());
  }

  private static Path agentJar() {
    String configured = System.getProperty("inferscope.agent.jar");
    if (configured == null) {
      throw new AssertionError("system property inferscope.agent.jar is not set; run the tests with Maven");
    }
    Path jar = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(
          "agent jar not found at " + jar + "; build the agent first: mvn -pl agent package");
    }
    return jar;
  }

  /**
   * Attaches another agent (e.g. the OpenTelemetry Java agent). Agents attach in the order they were
   * added, InferScope's ({@link #withAgent}) included: that order is what coexistence tests compare.
   */
  public ForkedJvm javaagent(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no agent jar at " + jar);
    }
    agents.add(jar.toAbsolutePath().normalize());
    return this;
  }

  public ForkedJvm classpath(Path... entries) {
    classpath.addAll(Arrays.asList(entries));
    return this;
  }

  /**
   * Adds the entries of this JVM's class path whose file name starts with one of the prefixes
   * (e.g. "onnxruntime-"), plus target/test-classes, which holds the support classes and mains.
   */
  public ForkedJvm classpathFromTest(String... jarNamePrefixes) {
    List<Path> testClasspath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .toList();
    for (String prefix : jarNamePrefixes) {
      List<Path> matches = testClasspath.stream()
          .filter(entry -> entry.getFileName().toString().startsWith(prefix))
          .toList();
      if (matches.isEmpty()) {
        throw new AssertionError("no test class path entry starts with '" + prefix + "'");
      }
      classpath.addAll(matches);
    }
    classpath.add(testClasses());
    return this;
  }

  public ForkedJvm mainClass(String mainClass) {
    this.mainClass = mainClass;
    return this;
  }

  /** Runs an executable jar ({@code java -jar}, e.g. a server) instead of a main class on a class path. */
  public ForkedJvm executableJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("no jar at " + jar);
    }
    this.executableJar = jar;
    return this;
  }

  public ForkedJvm args(String... args) {
    this.args.addAll(Arrays.asList(args));
    return this;
  }

  public ForkedJvm sysProp(String key, String value) {
    sysProps.put(key, value);
    return this;
  }

  public ForkedJvm env(String key, String value) {
    env.put(key, value);
    return this;
  }

  public ForkedJvm jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  /** How long {@link #run} lets the child run before killing it; 120 s unless set. */
  public ForkedJvm timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Runs the child to completion; kills it and fails if it outlives the timeout. */
  public Result run() {
    try (ChildProcess started = start()) {
      return started.awaitExit(timeout);
    }
  }

  /** Starts the child and returns at once, for long-running processes; close the result to kill it. */
  public ChildProcess start() {
    List<String> command = command();
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(name -> INHERITED_ENV_DROPPED.contains(name)
        || INHERITED_ENV_PREFIXES_DROPPED.stream().anyMatch(name::startsWith));
    environment.putAll(env);
    return ChildProcess.start("forked JVM", builder);
  }

  /** The command line {@link #start} runs; package-private so its argument order can be tested. */
  List<String> command() {
    if ((mainClass == null) == (executableJar == null)) {
      throw new IllegalStateException("set exactly one of mainClass and executableJar");
    }
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    if (restrictsNativeAccess) {
      command.add("--enable-native-access=ALL-UNNAMED");
    }
    for (Path agent : agents) {
      command.add("-javaagent:" + agent);
    }
    sysProps.forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.addAll(jvmArgs);
    if (!classpath.isEmpty()) {
      command.add("-cp");
      command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
    }
    if (executableJar != null) {
      command.add("-jar");
      command.add(executableJar.toString());
    } else {
      command.add(mainClass);
    }
    command.addAll(args);
    return command;
  }

  private static Path testClasses() {
    try {
      return Path.of(ForkedJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate test classes", e);
    }
  }

  /** A finished child: its exit code and everything it printed. */
  public record Result(int exitCode, String stdout, String stderr, long durationMillis) {

    /** Fails with the ends of both streams unless the child exited with 0. */
    public Result assertSuccess() {
      if (exitCode != 0) {
        throw new AssertionError("forked JVM exited with " + exitCode + "\n" + ChildProcess.tails(stdout, stderr));
      }
      return this;
    }
  }
}
