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
import java.util.List;
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
    HookTransformer transformer =
        new HookTransformer(List.of(transformation), null, ClassFileLocator.NoOp.INSTANCE, null);
    try (InputStream in = testLoader.getResourceAsStream(internalName + ".class")) {
      return transformer.transform(null, testLoader, internalName, null, null, in.readAllBytes());
    }
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
