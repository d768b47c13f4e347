package io.inferscope.agent.instrumentation.djl;

import io.inferscope.bootstrap.DjlBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Predictor.preprocessEnd/predictEnd/postProcessEnd}: a phase boundary. Only
 * recorded calls keep a phase split, so while none is in progress anywhere the marker costs one
 * volatile read instead of a call into the agent.
 */
final class DjlPhaseAdvice {
  private DjlPhaseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Origin("#m") String method) {
    if (DjlBridge.anyRecordingCall()) {
      DjlBridge.phaseEnd(method);
    }
  }
}
