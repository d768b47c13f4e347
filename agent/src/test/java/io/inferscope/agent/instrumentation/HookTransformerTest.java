package io.inferscope.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inferscope.agent.logging.CapturedStderr;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import io.inferscope.agent.instrumentation.InstrumentationCatalog.Library;
import io.opentelemetry.api.OpenTelemetry;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

/**
 * The transformer applies advice to the methods a transformation names, static ones included, and
 * leaves a class unchanged when its transformation does not apply or cannot be made.
 */
class HookTransformerTest {
  /** A library class stand-in. */
  public static final class Target {
    public static int twice(int x) {
      return 2 * x;
    }

    public int thrice(int x) {
      return 3 * x;
    }
  }

  public static final class Counter {
    public static int entered;
  }

  public static final class CountingAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter() {
      Counter.entered++;
    }
  }

  /** Advice that needs an instance: it cannot be applied to a static method. */
  public static final class InstanceAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.This Object self) {
      Counter.entered++;
    }
  }

  private final ClassLoader testLoader = getClass().getClassLoader();
  private final AdviceLocator advice = new AdviceLocator(ClassFileLocator.ForClassLoader.of(testLoader));
  private final String internalName = Target.class.getName().replace('.', '/');

  private byte[] transform(String adviceClass, ElementMatcher<? super TypeDescription> precondition) throws IOException {
    TypeTransformation transformation =
        new TypeTransformation(Target.class.getName(), precondition,
            builder -> builder.visit(advice.to(adviceClass).on(named("twice").or(named("thrice")))));
    HookTransformer transformer = new HookTransformer(hooks(transformation, null), null, null, false);
    try (InputStream in = testLoader.getResourceAsStream(internalName + ".class")) {
      return transformer.transform(null, testLoader, internalName, null, null, in.readAllBytes());
    }
  }

  /** An interface another agent added to a class, from classes of its own whose class files no loader shows. */
  public interface OtherAgentsMarker {}

  public static final class MarkedTarget implements OtherAgentsMarker {
    public int thrice(int x) {
      return 3 * x;
    }
  }

  /** A loader that shows every class file but the marker's. */
  private static final class HidingLoader extends ClassLoader {
    HidingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      return name.equals(OtherAgentsMarker.class.getName().replace('.', '/') + ".class") ? null : super.getResourceAsStream(name);
    }

    @Override
    public java.net.URL getResource(String name) {
      return name.equals(OtherAgentsMarker.class.getName().replace('.', '/') + ".class") ? null : super.getResource(name);
    }
  }

  /**
   * Advice only needs the class's own methods: an advice-only transformer changes a class whose
   * interface it cannot read (the OpenTelemetry Java agent's marker on the JDK's HttpURLConnection),
   * where describing the whole hierarchy fails and leaves the class unchanged.
   */
  @Test
  void anAdviceOnlyTransformerNeedsNoneOfTheClassHierarchy() throws Exception {
    String name = MarkedTarget.class.getName();
    ClassLoader hiding = new HidingLoader(testLoader);
    byte[] original;
    try (InputStream in = testLoader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      original = in.readAllBytes();
    }
    TypeTransformation transformation = new TypeTransformation(name, any(),
        builder -> builder.visit(advice.to(CountingAdvice.class.getName()).on(named("thrice"))), true);
    HookTransformer whole = new HookTransformer(hooks(new TypeTransformation(name, any(), transformation.change(), false), null), null, null, false);
    assertNull(whole.transform(null, hiding, name.replace('.', '/'), null, null, original));

    HookTransformer adviceOnly = new HookTransformer(hooks(transformation, null), null, null, true);
    byte[] transformed = adviceOnly.transform(null, hiding, name.replace('.', '/'), null, null, original);
    assertNotNull(transformed);
    Class<?> target = new DefiningLoader(testLoader, name, transformed).loadClass(name);
    int before = Counter.entered;
    assertEquals(6, target.getMethod("thrice", int.class).invoke(target.getConstructor().newInstance(), 2));
    assertEquals(before + 1, Counter.entered, "advice on the method");
  }

  @Test
  void adviceRunsOnStaticAndInstanceMethods() throws Exception {
    byte[] transformed = transform(CountingAdvice.class.getName(), any());
    assertNotNull(transformed, "transformed");

    Class<?> target = new DefiningLoader(testLoader, Target.class.getName(), transformed).loadClass(Target.class.getName());
    int before = Counter.entered;
    Method twice = target.getMethod("twice", int.class);
    assertEquals(4, twice.invoke(null, 2));
    assertEquals(before + 1, Counter.entered, "advice on the static method");
    Object instance = target.getConstructor().newInstance();
    assertEquals(6, target.getMethod("thrice", int.class).invoke(instance, 2));
    assertEquals(before + 2, Counter.entered, "advice on the instance method");
  }

  /**
   * Inside the OpenTelemetry Java agent our loader's parent is that agent's, which holds the OkHttp
   * its exporter sends with (some of whose classes load before our transformer): its classes are left
   * alone, while the same class in the application's loader is hooked.
   */
  @Test
  void classesOfTheLoadersAboveOursAreLeftAlone() throws Exception {
    ClassLoader hostAgents = new ClassLoader(testLoader) {};
    ClassLoader ours = new ClassLoader(hostAgents) {};
    ClassLoader application = new ClassLoader(testLoader) {};
    TypeTransformation transformation = new TypeTransformation(Target.class.getName(), any(),
        builder -> builder.visit(advice.to(CountingAdvice.class.getName()).on(named("twice"))));
    HookTransformer transformer = new HookTransformer(hooks(transformation, ours), ours, null, false);
    byte[] original;
    try (InputStream in = testLoader.getResourceAsStream(internalName + ".class")) {
      original = in.readAllBytes();
    }

    assertNull(transformer.transform(null, ours, internalName, null, null, original), "our own loader");
    assertNull(transformer.transform(null, hostAgents, internalName, null, null, original), "the host agent's loader");
    assertNotNull(transformer.transform(null, application, internalName, null, null, original), "the application's loader");
    assertNotNull(transformer.transform(null, ClassLoader.getSystemClassLoader(), internalName, null, null, original),
        "the system loader, an ancestor in standalone mode, holds the application");
  }

  /** Left as it is, and (the README's troubleshooting table) named in debug mode. */
  @Test
  void aClassWithoutTheHookedMethodsIsLeftAsItIsAndNamedInDebugMode() {
    String err = CapturedStderr.inDebugMode(() -> assertNull(assertDoesNotThrow(() -> transform(CountingAdvice.class.getName(), none()))));
    assertEquals(1, CapturedStderr.lines(err, "DEBUG", "not instrumenting " + Target.class.getName()
        + ": the hooked methods are absent in this version"), err);
  }

  /**
   * Advice that cannot be bound to one of the matched methods (here {@code @Advice.This} on a static
   * method) fails the whole class, which then loads unchanged (and a warning is logged): match static
   * methods only with advice written for them.
   */
  @Test
  void adviceThatCannotBindLeavesTheClassUnchanged() throws IOException {
    assertNull(transform(InstanceAdvice.class.getName(), any()));
  }

  /** The one library of these tests: it hooks what {@link #transformations} holds when its hooks are built. */
  public static final class FixedInstrumentation implements LibraryInstrumentation {
    static volatile List<TypeTransformation> transformations = List.of();

    @Override
    public String name() {
      return "fixed";
    }

    @Override
    public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {}

    @Override
    public List<TypeTransformation> transformations(AdviceLocator advice) {
      return transformations;
    }
  }

  /** Hooks of one library whose only change is {@code transformation}, built at the first class it covers. */
  private LibraryHooks hooks(TypeTransformation transformation, ClassLoader agentLoader) throws IOException {
    FixedInstrumentation.transformations = List.of(transformation);
    Library library = new Library("fixed", FixedInstrumentation.class.getName(), List.of(transformation.className()), List.of());
    Path jar = Files.createTempFile("inferscope-hooks", ".jar");
    jar.toFile().deleteOnExit();
    new JarOutputStream(Files.newOutputStream(jar)).close();
    return new LibraryHooks(List.of(library), OpenTelemetry.noop(), "test", agentLoader, jar.toFile());
  }

  /** Defines one class from given bytes; everything else comes from the parent. */
  private static final class DefiningLoader extends ClassLoader {
    private final String name;
    private final byte[] bytes;

    DefiningLoader(ClassLoader parent, String name, byte[] bytes) {
      super(parent);
      this.name = name;
      this.bytes = bytes;
    }

    @Override
    protected Class<?> loadClass(String className, boolean resolve) throws ClassNotFoundException {
      if (className.equals(name)) {
        synchronized (getClassLoadingLock(className)) {
          Class<?> loaded = findLoadedClass(className);
          return loaded != null ? loaded : defineClass(className, bytes, 0, bytes.length);
        }
      }
      return super.loadClass(className, resolve);
    }
  }
}
