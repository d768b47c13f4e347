package io.inferscope.agent.instrumentation;

import io.inferscope.bootstrap.InferenceScope;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's only class file transformer. Every class the JVM loads costs one hash lookup of its
 * name and a look at a few package prefixes ({@link LibraryHooks}); Byte Buddy is used only for the few
 * classes that are actually hooked, when they load.
 * (Byte Buddy's AgentBuilder would instead generate a transformer subclass at start-up, adding a
 * quarter of a second to every JVM start, and run its matcher pipeline on every class.)
 */
final class HookTransformer implements ClassFileTransformer {
  private static final Logger log = LoggerFactory.getLogger(HookTransformer.class);

  private final LibraryHooks hooks;
  private final Set<ClassLoader> agentsOwnLoaders;
  private final Instrumentation instrumentation;
  private final Set<Module> modulesReadingBridge = ConcurrentHashMap.newKeySet();
  private final boolean adviceOnly;
  private volatile ByteBuddy byteBuddy;

  /**
   * @param adviceOnly whether every change only adds advice to the class's own methods: then only
   *     those methods are described, not the class's whole hierarchy, whose types another agent's
   *     earlier change may have made unreadable here (the OpenTelemetry Java agent adds a marker
   *     interface from its own bootstrap classes, whose class files no loader shows)
   */
  HookTransformer(LibraryHooks hooks, ClassLoader agentLoader, Instrumentation instrumentation, boolean adviceOnly) {
    this.hooks = hooks;
    this.instrumentation = instrumentation;
    this.adviceOnly = adviceOnly;
    this.agentsOwnLoaders = agentsOwnLoaders(agentLoader);
  }

  @Override
  public byte[] transform(
      Module module, ClassLoader loader, String internalName, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
    if (internalName == null || (loader != null && agentsOwnLoaders.contains(loader))) {
      return null;
    }
    List<TypeTransformation> candidates;
    try {
      candidates = hooks.forClass(internalName, adviceOnly);
    } catch (Throwable t) {
      return null; // a library's build reports its own failures; this would be one it could not (out of memory)
    }
    if (candidates == null) {
      return null;
    }
    String name = internalName.replace('/', '.');
    try {
      ClassFileLocator locator =
          new ClassFileLocator.Compound(
              ClassFileLocator.Simple.of(name, bytes),
              loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader() : ClassFileLocator.ForClassLoader.of(loader),
              hooks.bridgeTypes(),
              hooks.hostTypes());
      TypePool pool = TypePool.Default.WithLazyResolution.of(locator);
      TypeDescription type = pool.describe(name).resolve();
      DynamicType.Builder<?> builder = byteBuddy().redefine(type, locator);
      boolean changed = false;
      for (TypeTransformation candidate : candidates) {
        if (candidate.precondition().matches(type)) {
          builder = candidate.change().apply(builder);
          changed = true;
        }
      }
      if (!changed) {
        log.debug("not instrumenting {}: the hooked methods are absent in this version", name);
        return null;
      }
      byte[] transformed = builder.make(pool).getBytes();
      readBridge(module);
      log.debug("transformed {} (loader {})", name, loader);
      return transformed;
    } catch (Throwable t) {
      log.warn("could not instrument {}; it runs uninstrumented", name, t);
      return null;
    }
  }

  /**
   * Our loader and those above it that are not the JDK's: inside the OpenTelemetry Java agent, its
   * own loader holds the OkHttp its exporter sends with. Those calls are the agent's, not the
   * application's, and some of their classes load before our transformer is added, so hooking the
   * rest would leave a hooked class next to an unhooked one.
   */
  static Set<ClassLoader> agentsOwnLoaders(ClassLoader agentLoader) {
    Set<ClassLoader> own = Collections.newSetFromMap(new IdentityHashMap<>());
    ClassLoader system = ClassLoader.getSystemClassLoader();
    ClassLoader platform = ClassLoader.getPlatformClassLoader();
    for (ClassLoader loader = agentLoader; loader != null; loader = loader.getParent()) {
      if (loader != system && loader != platform) {
        own.add(loader);
      }
    }
    return own;
  }

  /**
   * Advice inlined into a class of a named module (the JDK's java.net.http) calls the bridge, which
   * lives in the boot loader's unnamed module; named modules read only what they declare, so the
   * edge is added before the transformed class can run.
   */
  private void readBridge(Module module) {
    Module bridge = InferenceScope.class.getModule();
    if (module != null && module.isNamed() && !module.canRead(bridge) && modulesReadingBridge.add(module)) {
      instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
    }
  }

  private ByteBuddy byteBuddy() {
    ByteBuddy instance = byteBuddy;
    if (instance == null) {
      instance = new ByteBuddy().with(TypeValidation.DISABLED);
      if (adviceOnly) {
        instance = instance.with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
      }
      byteBuddy = instance;
    }
    return instance;
  }
}
