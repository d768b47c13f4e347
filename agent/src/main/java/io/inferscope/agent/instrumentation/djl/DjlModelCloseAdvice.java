package io.inferscope.agent.instrumentation.djl;

import io.inferscope.bootstrap.DjlBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ZooModel.close()}: the model no longer counts as loaded. */
final class DjlModelCloseAdvice {
  private DjlModelCloseAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object model) {
    DjlBridge.modelClosed(model);
  }
}
