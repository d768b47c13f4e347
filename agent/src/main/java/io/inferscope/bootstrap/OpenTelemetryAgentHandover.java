package io.inferscope.bootstrap;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.jar.JarFile;

/**
 * InferScope attached with {@code -javaagent} next to the OpenTelemetry Java agent. Two SDKs side by
 * side would split every trace in two (each agent's spans in its own context), so InferScope runs
 * inside that agent instead, as its extension: when the agent already started, InferScope joins it
 * now; when the agent is attached after InferScope, InferScope adds itself to the extension list the
 * agent reads when it starts, and starts from there.
 *
 * <p>Whichever way InferScope starts first claims the JVM ({@link #claim}): a second copy (the same jar
 * given as {@code -javaagent} and as an extension) stays out.
 */
public final class OpenTelemetryAgentHandover {
  private static final String RUNNING = "inferscope.agent.running";
  private static final String INITIALIZER = OpenTelemetryAgentSettings.AGENT_INITIALIZER;
  private static final String INITIALIZER_FILE = INITIALIZER.replace('.', '/') + ".class";
  /** Set when InferScope's -javaagent added itself to that agent's extensions. */
  public static final String HANDED_OVER = "inferscope.agent.handed-over";

  private OpenTelemetryAgentHandover() {}

  /**
   * Claims the JVM for one running InferScope: false when one already runs (its mode is then in
   * {@link #claimant}). A system property, because each way in has its own class loaders.
   */
  public static boolean claim(String mode) {
    return System.getProperties().putIfAbsent(RUNNING, mode) == null;
  }

  public static String claimant() {
    return System.getProperty(RUNNING);
  }

  /**
   * The extension class loader of an OpenTelemetry Java agent that already started, else null. One that
   * was attached first but failed to start (it printed why) leaves InferScope on its own.
   */
  static ClassLoader runningAgent() {
    Class<?> initializer = initializer();
    if (initializer == null) {
      return null;
    }
    try {
      // It reports a failed SDK configuration (a sampler it does not know, say) and carries on without one.
      boolean started = (Boolean) initializer.getMethod("isAgentStarted", boolean.class).invoke(null, true)
          && (Boolean) Class.forName(OpenTelemetryAgentSettings.AGENT_GLOBAL, false, null).getMethod("isSet").invoke(null);
      if (!started) {
        System.err.println("[inferscope] INFO the OpenTelemetry Java agent attached before InferScope did not start "
            + "(its own output says why), so InferScope runs on its own");
        return null;
      }
      return (ClassLoader) initializer.getMethod("getExtensionsClassLoader").invoke(null);
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      System.err.println("[inferscope] WARN the OpenTelemetry Java agent is present but its class loader cannot be reached ("
          + e + "); InferScope runs on its own");
      return null;
    }
  }

  /** That agent's bootstrap class, present once an OpenTelemetry Java agent attached before InferScope ran. */
  private static Class<?> initializer() {
    try {
      return Class.forName(INITIALIZER, false, null);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  /**
   * Whether an enabled OpenTelemetry Java agent (or a distribution built on it) is attached with a later
   * {@code -javaagent}: one attached earlier has already run ({@link #runningAgent}), whether it started or not.
   */
  static boolean attachedLater() {
    if (initializer() != null
        || "false".equalsIgnoreCase(OpenTelemetryAgentSettings.get(OpenTelemetryAgentSettings.ENABLED))) {
      return false;
    }
    try {
      for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (argument.startsWith("-javaagent:") && isOpenTelemetryAgent(jarOf(argument))) {
          return true;
        }
      }
    } catch (LinkageError | RuntimeException e) {
      // A runtime image without java.management: nothing to hand over to that we can see.
    }
    return false;
  }

  private static String jarOf(String javaagentArgument) {
    String path = javaagentArgument.substring("-javaagent:".length());
    int options = path.indexOf('=');
    return options < 0 ? path : path.substring(0, options);
  }

  private static boolean isOpenTelemetryAgent(String path) {
    try (JarFile jar = new JarFile(path, false)) {
      return jar.getEntry(INITIALIZER_FILE) != null;
    } catch (IOException | SecurityException e) {
      return false;
    }
  }

  /**
   * Adds {@code ourJar} to the extensions the OpenTelemetry agent will load, keeping the ones the user
   * named (in its system property, environment variable or configuration file, which the property
   * set here overrides). Marks the hand-over, for the start line.
   */
  static void addAsExtension(File ourJar) {
    System.setProperty(HANDED_OVER, "true");
    for (File named : OpenTelemetryAgentSettings.extensionJars()) {
      if (sameFile(named, ourJar)) {
        return;
      }
    }
    String named = OpenTelemetryAgentSettings.extensions();
    String ours = ourJar.getAbsolutePath();
    System.setProperty(OpenTelemetryAgentSettings.EXTENSIONS, named == null || named.isBlank() ? ours : named + "," + ours);
  }

  private static boolean sameFile(File a, File b) {
    try {
      return a.getCanonicalFile().equals(b.getCanonicalFile());
    } catch (IOException e) {
      return a.getAbsoluteFile().equals(b.getAbsoluteFile());
    }
  }
}
