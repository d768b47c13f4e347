package io.inferscope.agent.instrumentation;

import io.inferscope.bootstrap.InferenceScope;
import net.bytebuddy.asm.Advice;

/**
 * {@link EndScopeAdvice} for calls whose values are watched for drift: a call chosen for inspection hands
 * its first argument and its result to the agent before it ends, while the result is certainly still
 * open (ONNX Runtime's output tensors are freed when the application closes its {@code Result}).
 */
public final class EndScopeInspectingAdvice {
  private EndScopeInspectingAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter InferenceScope scope,
      @Advice.Argument(0) Object input,
      @Advice.Return Object result,
      @Advice.Thrown Throwable error) {
    if (scope != null) {
      if (error == null && scope.inspectsValues()) {
        scope.inspect(input, result);
      }
      scope.end(error);
    }
  }
}
