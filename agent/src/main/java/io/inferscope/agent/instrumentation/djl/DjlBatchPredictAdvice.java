package io.inferscope.agent.instrumentation.djl;

import io.inferscope.bootstrap.DjlBridge;
import io.inferscope.bootstrap.InferenceScope;
import io.inferscope.bootstrap.InstrumentedObject;
import java.util.List;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Predictor.batchPredict(List)}; not traced again when called from {@code predict}. */
final class DjlBatchPredictAdvice {
  private DjlBatchPredictAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static InferenceScope enter(
      @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state, @Advice.Argument(0) List<?> inputs) {
    return DjlBridge.startCall(state, true, inputs == null ? 0 : inputs.size());
  }
}
