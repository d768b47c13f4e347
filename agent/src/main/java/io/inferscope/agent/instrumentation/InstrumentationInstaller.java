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
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the transformers of all enabled instrumentations. Library classes load after start-up and
 * are changed as they load, fields and interfaces included. A JDK class may have loaded before the
 * agent started (another agent ahead of it opened an HTTP connection): the changes that only add
 * advice ({@link TypeTransformation#retransformable}) live in a second, retransforming transformer,
 * which also applies them to such a class at start-up. The first one never retransforms, so another
 * agent's retransformation of a class never meets the fields it added.
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
    List<TypeTransformation> atLoad = transformations.stream().filter(t -> !t.retransformable()).toList();
    List<TypeTransformation> anytime = transformations.stream().filter(TypeTransformation::retransformable).toList();
    if (!atLoad.isEmpty()) {
      instrumentation.addTransformer(new HookTransformer(atLoad, agentLoader, bridgeTypes, instrumentation, false), false);
    }
    if (!anytime.isEmpty() && instrumentation.isRetransformClassesSupported()) {
      instrumentation.addTransformer(new HookTransformer(anytime, agentLoader, bridgeTypes, instrumentation, true), true);
      retransformLoaded(instrumentation, anytime);
    } else if (!anytime.isEmpty()) {
      instrumentation.addTransformer(new HookTransformer(anytime, agentLoader, bridgeTypes, instrumentation, true), false);
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

  /**
   * Applies the retransformable changes to those of their classes that loaded before the transformer
   * was added (a class loading meanwhile is changed as it loads; retransforming it again changes its
   * original bytes the same way). One scan of the loaded classes, at start-up only.
   */
  private static void retransformLoaded(Instrumentation instrumentation, List<TypeTransformation> transformations) {
    Set<String> names = transformations.stream().map(TypeTransformation::className).collect(Collectors.toSet());
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      if (names.contains(type.getName()) && instrumentation.isModifiableClass(type)) {
        loaded.add(type);
      }
    }
    for (Class<?> type : loaded) {
      try {
        instrumentation.retransformClasses(type);
        log.debug("retransformed {}, loaded before the agent started", type.getName());
      } catch (Throwable t) {
        // The class keeps running as it is; only its telemetry is missing.
        log.warn("could not instrument {}, loaded before the agent started; it runs uninstrumented", type.getName(), t);
      }
    }
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
