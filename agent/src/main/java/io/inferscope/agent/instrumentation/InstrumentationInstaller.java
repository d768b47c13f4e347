package io.inferscope.agent.instrumentation;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.AdviceErrors;
import io.opentelemetry.api.OpenTelemetry;
import java.io.File;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
   * Installs the transformers for the enabled instrumentations. Each library's hooks and telemetry are
   * built when its first class loads ({@link LibraryHooks}), recording through {@code openTelemetry}.
   *
   * @return the enabled instrumentations
   */
  public static List<Library> install(
      Instrumentation instrumentation, List<Library> available, AgentConfig config, File agentJar,
      OpenTelemetry openTelemetry, String agentVersion) {
    ClassLoader agentLoader = InstrumentationInstaller.class.getClassLoader();
    List<Library> enabled = new ArrayList<>();
    for (Library library : available) {
      if (config.instrumentationEnabled(library.name(), true)) {
        enabled.add(library);
      }
    }
    for (String warning : unmetRequirements(enabled)) {
      log.warn(warning);
    }
    AdviceErrors.install(InstrumentationInstaller::adviceFailed);
    LibraryHooks hooks = new LibraryHooks(enabled, openTelemetry, agentVersion, agentLoader, agentJar);
    instrumentation.addTransformer(new HookTransformer(hooks, agentLoader, instrumentation, false), false);
    boolean retransforming = instrumentation.isRetransformClassesSupported();
    instrumentation.addTransformer(new HookTransformer(hooks, agentLoader, instrumentation, true), retransforming);
    if (retransforming) {
      retransformLoaded(instrumentation, hooks, HookTransformer.agentsOwnLoaders(agentLoader));
    }
    return enabled;
  }

  /** One line per enabled instrumentation whose telemetry comes through one that is off. */
  static List<String> unmetRequirements(List<Library> enabled) {
    List<String> names = new ArrayList<>();
    for (Library library : enabled) {
      names.add(library.name());
    }
    List<String> warnings = new ArrayList<>();
    for (Library library : enabled) {
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
   * Applies the retransformable changes to those of their classes that loaded before the transformers
   * were added (a class loading meanwhile is changed as it loads; retransforming it again changes its
   * original bytes the same way). One scan of the loaded classes, at start-up only; a library one of
   * whose classes is already loaded has its hooks built now.
   */
  private static void retransformLoaded(Instrumentation instrumentation, LibraryHooks hooks, Set<ClassLoader> agentsOwn) {
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> type : instrumentation.getAllLoadedClasses()) {
      ClassLoader loader = type.getClassLoader();
      if ((loader == null || !agentsOwn.contains(loader)) && !type.isArray()
          && hooks.forClass(type.getName().replace('.', '/'), true) != null && instrumentation.isModifiableClass(type)) {
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
