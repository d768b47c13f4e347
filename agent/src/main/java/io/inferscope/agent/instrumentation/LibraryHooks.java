package io.inferscope.agent.instrumentation;

import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import io.opentelemetry.api.OpenTelemetry;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The enabled instrumentations' hooks, each built when the first class of its library loads: the
 * instrumentation's class, its transformations and its telemetry (its bridge is installed then, before
 * any of the library's classes can run, since the class that triggered it is still being loaded).
 * One lock for all builds, so two libraries loading at once on two threads cannot wait on each other; a
 * build never loads an application's class, only ours and the JDK's.
 */
final class LibraryHooks {
  private static final Logger log = LoggerFactory.getLogger(LibraryHooks.class);

  /** One enabled library; {@code byClass} stays null until its hooks are built (empty if that failed). */
  private static final class State {
    final Library library;
    volatile Map<String, List<TypeTransformation>> byClass;
    Thread building;

    State(Library library) {
      this.library = library;
    }
  }

  private final OpenTelemetry openTelemetry;
  private final String version;
  private final ClassLoader agentLoader;
  private final File agentJar;
  /** By internal name: the exact classes of libraries not yet built, then every class a built library hooks. */
  private final Map<String, State> byInternalName = new ConcurrentHashMap<>();
  /** The package prefixes (internal form) of libraries not yet built; replaced, never changed in place. */
  private volatile Map.Entry<String, State>[] packages;
  private final Object lock = new Object();
  private ClassFileLocator bridgeTypes;
  private ClassFileLocator hostTypes;
  private AdviceLocator advice;

  @SuppressWarnings("unchecked")
  LibraryHooks(List<Library> enabled, OpenTelemetry openTelemetry, String version, ClassLoader agentLoader, File agentJar) {
    this.openTelemetry = openTelemetry;
    this.version = version;
    this.agentLoader = agentLoader;
    this.agentJar = agentJar;
    List<Map.Entry<String, State>> prefixes = new ArrayList<>();
    for (Library library : enabled) {
      State state = new State(library);
      for (String where : library.classes()) {
        String internal = where.replace('.', '/');
        if (where.endsWith(".")) {
          prefixes.add(Map.entry(internal, state));
        } else {
          byInternalName.put(internal, state);
        }
      }
    }
    packages = prefixes.toArray(new Map.Entry[0]);
  }

  /**
   * The changes for the class being loaded that {@code adviceOnly} transformers make (or the others),
   * building its library's hooks first if this is the library's first class; null if there are none.
   */
  List<TypeTransformation> forClass(String internalName, boolean adviceOnly) {
    State state = stateOf(internalName);
    if (state == null) {
      return null;
    }
    Map<String, List<TypeTransformation>> built = state.byClass;
    if (built == null) {
      built = build(state, internalName);
    }
    List<TypeTransformation> all = built.get(internalName);
    if (all == null) {
      return null;
    }
    List<TypeTransformation> these = new ArrayList<>(all.size());
    for (TypeTransformation transformation : all) {
      if (transformation.retransformable() == adviceOnly) {
        these.add(transformation);
      }
    }
    return these.isEmpty() ? null : these;
  }

  /** The library the class (internal name) belongs to, by its catalog entry; null if none. Builds nothing. */
  Library libraryOf(String internalName) {
    State state = stateOf(internalName);
    return state == null ? null : state.library;
  }

  private State stateOf(String internalName) {
    State state = byInternalName.get(internalName);
    if (state == null) {
      for (Map.Entry<String, State> prefix : packages) {
        if (internalName.startsWith(prefix.getKey())) {
          return prefix.getValue();
        }
      }
    }
    return state;
  }

  /** Where Byte Buddy reads the bridge types (appended to the boot path, so no loader shows their class files). */
  ClassFileLocator bridgeTypes() throws IOException {
    synchronized (lock) {
      if (bridgeTypes == null) {
        bridgeTypes = ClassFileLocator.ForJarFile.of(agentJar);
      }
      return bridgeTypes;
    }
  }

  /**
   * The class files our loader sees, last resort for describing a hooked class: inside the OpenTelemetry
   * Java agent, the classes that agent adds to an application (its WebClient filter, which we hook) are
   * defined there without class files the application's loader can show; the agent's loader has them.
   */
  ClassFileLocator hostTypes() {
    synchronized (lock) {
      if (hostTypes == null) {
        hostTypes = ClassFileLocator.ForClassLoader.of(agentLoader);
      }
      return hostTypes;
    }
  }

  private Map<String, List<TypeTransformation>> build(State state, String trigger) {
    synchronized (lock) {
      if (state.byClass != null) {
        return state.byClass;
      }
      if (state.building == Thread.currentThread()) {
        // The build itself loaded one of the library's classes (never expected): that class stays as it is.
        return Map.of();
      }
      state.building = Thread.currentThread();
      long started = System.nanoTime();
      Map<String, List<TypeTransformation>> byClass = new HashMap<>();
      try {
        LibraryInstrumentation instrumentation = state.library.load();
        for (TypeTransformation transformation : instrumentation.transformations(advice())) {
          byClass.computeIfAbsent(transformation.className().replace('.', '/'), name -> new ArrayList<>()).add(transformation);
        }
        instrumentation.registerHooks(openTelemetry, version);
        log.debug("{} hooks built in {} ms, at the first load of {}", state.library.name(),
            (System.nanoTime() - started) / 1_000_000, trigger.replace('/', '.'));
      } catch (Throwable t) {
        byClass.clear();
        log.warn("instrumentation {} could not start; {} runs uninstrumented", state.library.name(), state.library.name(), t);
      } finally {
        state.building = null;
      }
      for (String hooked : byClass.keySet()) {
        byInternalName.put(hooked, state);
      }
      state.byClass = byClass;
      List<Map.Entry<String, State>> rest = new ArrayList<>();
      for (Map.Entry<String, State> prefix : packages) {
        if (prefix.getValue() != state) {
          rest.add(prefix);
        }
      }
      @SuppressWarnings("unchecked")
      Map.Entry<String, State>[] remaining = rest.toArray(new Map.Entry[0]);
      packages = remaining;
      return byClass;
    }
  }

  // Under the lock. Advice is read as class files from our loader and, for the bridge types, the jar.
  private AdviceLocator advice() throws IOException {
    if (advice == null) {
      advice = new AdviceLocator(new ClassFileLocator.Compound(ClassFileLocator.ForClassLoader.of(agentLoader), bridgeTypes()));
    }
    return advice;
  }
}
