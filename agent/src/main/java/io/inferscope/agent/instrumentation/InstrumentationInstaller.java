package io.inferscope.agent.instrumentation;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.AdviceErrors;
import io.opentelemetry.api.OpenTelemetry;
import java.io.File;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs one transformer for all enabled instrumentations. Only classes loaded after start-up are
 * transformed: there is no retransformation pass over classes already loaded.
 */
public final class InstrumentationInstaller {
  private static final Logger log = LoggerFactory.getLogger(InstrumentationInstaller.class);

  private InstrumentationInstaller() {}

  /**
   * Installs the transformer for the enabled instrumentations. Their hooks are registered separately
   * ({@link #registerHooks}), once the SDK is ready: until then the bridges do nothing, and no
   * application code runs before premain returns.
   *
   * @return the enabled instrumentations
   */
  public static List<LibraryInstrumentation> install(
      Instrumentation instrumentation, List<LibraryInstrumentation> available, AgentConfig config, File agentJar)
      throws IOException {
    ClassLoader agentLoader = InstrumentationInstaller.class.getClassLoader();
    // Classes appended to the bootstrap search path at run time load, but their class files are not
    // visible through getResource; Byte Buddy reads the bridge types straight from the agent jar.
    ClassFileLocator bridgeTypes = ClassFileLocator.ForJarFile.of(agentJar);
    AdviceLocator advice = new AdviceLocator(new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(agentLoader), bridgeTypes));
    List<LibraryInstrumentation> enabled = new ArrayList<>();
    List<TypeTransformation> transformations = new ArrayList<>();
    for (LibraryInstrumentation library : available) {
      if (config.instrumentationEnabled(library.name(), true)) {
        transformations.addAll(library.transformations(advice));
        enabled.add(library);
      }
    }
    for (String warning : unmetRequirements(enabled)) {
      log.warn(warning);
    }
    if (!transformations.isEmpty()) {
      instrumentation.addTransformer(new HookTransformer(transformations, agentLoader, bridgeTypes, instrumentation), false);
    }
    return enabled;
  }

  /** One line per enabled instrumentation whose telemetry comes through one that is off. */
  static List<String> unmetRequirements(List<LibraryInstrumentation> enabled) {
    List<String> names = new ArrayList<>();
    for (LibraryInstrumentation library : enabled) {
      names.add(library.name());
    }
    List<String> warnings = new ArrayList<>();
    for (LibraryInstrumentation library : enabled) {
      for (String required : library.requires()) {
        if (!names.contains(required)) {
          warnings.add(String.format("instrumentation %1$s is on but %2$s is off: %1$s calls are recorded through the %2$s hook,"
              + " so they will have no spans or metrics; switch inferscope.instrumentation.%2$s.enabled on, or %1$s off",
              library.name(), required));
        }
      }
    }
    return warnings;
  }

  public static void registerHooks(List<LibraryInstrumentation> enabled, OpenTelemetry openTelemetry, String agentVersion) {
    AdviceErrors.install(InstrumentationInstaller::adviceFailed);
    for (LibraryInstrumentation library : enabled) {
      library.registerHooks(openTelemetry, agentVersion);
    }
  }

  /**
   * What an advice threw, reported once per hooked method. The advice is inlined, so the failing
   * frame is the library's method it was woven into (or a method of ours it called).
   */
  private static void adviceFailed(Throwable error) {
    StackTraceElement[] frames = error.getStackTrace();
    String where = "advice";
    for (StackTraceElement frame : frames) {
      String type = frame.getClassName();
      // The first frame that is neither ours nor the JDK's is the hooked library method.
      if (!type.startsWith("io.inferscope.") && !type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
        where = "advice in " + frame.getClassName() + "." + frame.getMethodName();
        break;
      }
    }
    HookErrors.report(where + " (" + error.getClass().getName() + ")", error);
  }
}
