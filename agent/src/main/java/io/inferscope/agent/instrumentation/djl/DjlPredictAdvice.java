package io.inferscope.agent.instrumentation.djl;

import io.inferscope.bootstrap.DjlBridge;
import io.inferscope.bootstrap.InferenceScope;
import io.inferscope.bootstrap.InstrumentedObject;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Predictor.predict(I)}: one input. */
final class DjlPredictAdvice {
  private DjlPredictAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static InferenceScope enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state) {
    return DjlBridge.startCall(state, false, 1);
  }
}
