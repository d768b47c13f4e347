package io.inferscope.agent.instrumentation;

import io.inferscope.bootstrap.InferenceScope;
import net.bytebuddy.asm.Advice;

/**
 * {@link EndScopeAdvice} for calls whose values are watched for drift: a call chosen for inspection hands
 * its first argument and its result to the agent just after it ends and before the method returns, while
 * the result is certainly still open (ONNX Runtime's output tensors are freed when the application closes
 * its {@code Result}).
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
      boolean inspect = error == null && scope.inspectsValues();
      // Ended first: the agent's own reading is not the model's time, and must not count in the duration
      // the call is judged and recorded by. The result is still open: the method has not returned yet.
      scope.end(error);
      if (inspect) {
        scope.inspect(input, result);
      }
    }
  }
}
