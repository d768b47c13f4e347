package io.inferscope.agent.instrumentation.onnxruntime;

import io.inferscope.bootstrap.OnnxRuntimeBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code OrtSession.close()}: the session no longer counts as a loaded model. */
final class OrtSessionCloseAdvice {
  private OrtSessionCloseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object session) {
    OnnxRuntimeBridge.sessionClosed(session);
  }
}
