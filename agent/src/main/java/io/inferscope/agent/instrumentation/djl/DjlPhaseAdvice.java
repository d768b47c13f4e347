package io.inferscope.agent.instrumentation.djl;

import io.inferscope.bootstrap.DjlBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Predictor.preprocessEnd/predictEnd/postProcessEnd}: a phase boundary. */
final class DjlPhaseAdvice {
  private DjlPhaseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Origin("#m") String method) {
    DjlBridge.phaseEnd(method);
  }
}
