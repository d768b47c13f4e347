package io.inferscope.bootstrap;

import java.util.function.Consumer;

/**
 * Where every advice's own failure goes: the advice is inlined into the application's and the
 * libraries' methods, and the one exception handler every advice is woven with (see the agent's
 * {@code AdviceLocator}) passes what it threw here instead of dropping it silently. The method's own
 * work goes on as if the advice were absent.
 */
public final class AdviceErrors {
  private static volatile Consumer<Throwable> reporter;

  private AdviceErrors() {}

  public static void install(Consumer<Throwable> errorReporter) {
    reporter = errorReporter;
  }

  /** Called by the woven exception handler with what an advice threw; never throws. */
  public static void report(Throwable error) {
    try {
      Consumer<Throwable> r = reporter;
      if (r != null) {
        r.accept(error);
      }
    } catch (Throwable ignored) {
      // Reporting failed too (out of memory): staying silent is the only thing that cannot hurt the caller.
    }
  }
}
