package io.inferscope.agent.instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.inferscope.bootstrap.AdviceErrors;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every advice is woven with the one exception handler: a failing advice is reported and the method goes on. */
class AdviceErrorsTest {
  /** Stands for a library class the agent hooks. */
  public static class Library {
    public String answer(String question) {
      return "answer to " + question;
    }
  }

  /** An advice with a bug of ours, on both sides of the method. */
  public static class FailingAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class)
    static void enter(@Advice.Argument(0) String question) {
      throw new IllegalStateException("enter bug on " + question);
    }

    @Advice.OnMethodExit(suppress = Throwable.class)
    static void exit() {
      throw new OutOfMemoryError("exit bug");
    }
  }

  private final List<Throwable> reported = new CopyOnWriteArrayList<>();

  @AfterEach
  void uninstall() {
    AdviceErrors.install(null);
  }

  @Test
  void aFailingAdviceIsReportedAndTheHookedMethodReturnsItsOwnResult() throws Exception {
    AdviceErrors.install(reported::add);
    AdviceLocator locator = new AdviceLocator(ClassFileLocator.ForClassLoader.of(getClass().getClassLoader()));
    Class<?> woven = new ByteBuddy()
        .redefine(Library.class)
        .visit(locator.to(FailingAdvice.class.getName()).on(named("answer")))
        .make()
        .load(new ClassLoader(getClass().getClassLoader()) {}, ClassLoadingStrategy.Default.CHILD_FIRST)
        .getLoaded();
    Object library = woven.getConstructor().newInstance();

    Object result = woven.getMethod("answer", String.class).invoke(library, "life");

    assertEquals("answer to life", result);
    assertEquals(2, reported.size(), "both the enter and the exit failure reach the handler: " + reported);
    assertInstanceOf(IllegalStateException.class, reported.get(0));
    assertEquals("enter bug on life", reported.get(0).getMessage());
    assertInstanceOf(OutOfMemoryError.class, reported.get(1));
  }

  @Test
  void withoutAReporterTheFailureIsStillContained() throws Exception {
    AdviceLocator locator = new AdviceLocator(ClassFileLocator.ForClassLoader.of(getClass().getClassLoader()));
    Class<?> woven = new ByteBuddy()
        .redefine(Library.class)
        .visit(locator.to(FailingAdvice.class.getName()).on(named("answer")))
        .make()
        .load(new ClassLoader(getClass().getClassLoader()) {}, ClassLoadingStrategy.Default.CHILD_FIRST)
        .getLoaded();

    assertEquals("answer to x", woven.getMethod("answer", String.class).invoke(woven.getConstructor().newInstance(), "x"));
  }

  @Test
  void aReporterThatFailsDoesNotEscape() {
    AdviceErrors.install(error -> {
      throw new OutOfMemoryError("no memory to report");
    });
    assertDoesNotThrow(() -> AdviceErrors.report(new IllegalStateException("bug")));
  }
}
