package io.inferscope.agent.instrumentation;

import io.inferscope.bootstrap.InferenceScope;
import net.bytebuddy.asm.Advice;

/**
 * The exit half shared by every inference hook whose enter advice returns an {@link InferenceScope}:
 * the call ends (or, for a stream, is handed over) with whatever the method threw.
 */
public final class EndScopeAdvice {
  private EndScopeAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter InferenceScope scope, @Advice.Thrown Throwable error) {
    if (scope != null) {
      scope.end(error);
    }
  }
}
