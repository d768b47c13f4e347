package io.inferscope.agent.instrumentation;

import io.inferscope.bootstrap.AdviceErrors;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.member.MethodInvocation;
import net.bytebuddy.pool.TypePool;

/**
 * Reads advice classes as class files instead of loading them: advice refers to library types
 * (ONNX Runtime, DJL, ...) that the agent's loader cannot see. The code only runs once inlined into
 * the library's own classes.
 *
 * <p>Every advice is woven with one exception handler: what an advice throws (it is declared with
 * {@code suppress = Throwable.class}, so the hooked method goes on) is handed to
 * {@link AdviceErrors#report}, which reports it once per hooked method, instead of being dropped.
 */
public final class AdviceLocator {
  private static final Advice.ExceptionHandler REPORTING = reporting();
  private final ClassFileLocator classFiles;
  private volatile TypePool typePool;

  AdviceLocator(ClassFileLocator classFiles) {
    this.classFiles = classFiles;
  }

  public Advice to(String adviceClassName) {
    return Advice.to(pool().describe(adviceClassName).resolve(), classFiles).withExceptionHandler(REPORTING);
  }

  /** Enter and exit advice from two classes, so that hooks which start alike but end differently share their enter. */
  public Advice to(String enterAdviceClassName, String exitAdviceClassName) {
    return Advice.to(pool().describe(enterAdviceClassName).resolve(), pool().describe(exitAdviceClassName).resolve(), classFiles)
        .withExceptionHandler(REPORTING);
  }

  /** Enter advice that returns an {@code InferenceScope}, ended by {@link EndScopeAdvice}. */
  public Advice endingScope(String enterAdviceClassName) {
    return Advice.to(pool().describe(enterAdviceClassName).resolve(), pool().describe(EndScopeAdvice.class.getName()).resolve(), classFiles)
        .withExceptionHandler(REPORTING);
  }

  /**
   * Enter advice that returns an {@code InferenceScope}, ended by {@link EndScopeInspectingAdvice}: the
   * method's first argument and result are offered for drift inspection first.
   */
  public Advice endingScopeInspecting(String enterAdviceClassName) {
    return Advice.to(pool().describe(enterAdviceClassName).resolve(),
        pool().describe(EndScopeInspectingAdvice.class.getName()).resolve(), classFiles).withExceptionHandler(REPORTING);
  }

  /** Calls {@code AdviceErrors.report(Throwable)}, which takes the suppressed throwable off the stack. */
  private static Advice.ExceptionHandler reporting() {
    try {
      return new Advice.ExceptionHandler.Simple(MethodInvocation.invoke(
          new MethodDescription.ForLoadedMethod(AdviceErrors.class.getMethod("report", Throwable.class))));
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  // Created on first use: the pool is only needed once a hooked class loads.
  private TypePool pool() {
    TypePool pool = typePool;
    if (pool == null) {
      pool = TypePool.Default.of(classFiles);
      typePool = pool;
    }
    return pool;
  }
}
