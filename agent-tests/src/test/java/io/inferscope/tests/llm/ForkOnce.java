package io.inferscope.tests.llm;

import java.util.function.Supplier;

/**
 * An application JVM run that several tests read: forked on first use, then its result, or the
 * failure that stopped it, is shared. Forked JVMs are what the LLM tests' time goes to; a failed run
 * fails every test that needs it without forking again.
 */
final class ForkOnce<T> {
  private final Supplier<T> fork;
  private T result;
  private RuntimeException failure;
  private boolean done;

  ForkOnce(Supplier<T> fork) {
    this.fork = fork;
  }

  synchronized T get() {
    if (!done) {
      done = true;
      try {
        result = fork.get();
      } catch (RuntimeException | AssertionError e) {
        failure = new IllegalStateException("the application JVM failed", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return result;
  }
}
