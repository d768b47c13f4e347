package io.inferscope.agent.instrumentation.djl;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import io.inferscope.bootstrap.DjlBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of the {@code Predictor} constructor: who this predictor serves, read once. */
final class DjlPredictorAdvice {
  private DjlPredictorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(
      @Advice.This Object predictor,
      @Advice.FieldValue("model") Object model,
      @Advice.FieldValue("manager") Object manager,
      @Advice.FieldValue("translator") Object translator) {
    NDManager ndManager = (NDManager) manager;
    DjlBridge.predictorCreated(
        predictor,
        ((Model) model).getName(),
        ndManager.getEngine().getEngineName(),
        String.valueOf(ndManager.getDevice()),
        translator == null ? null : translator.getClass().getName());
  }
}
