package io.inferscope.agent.instrumentation.djl;

import io.inferscope.bootstrap.DjlBridge;
import io.inferscope.bootstrap.InferenceScope;
import io.inferscope.bootstrap.InstrumentedObject;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Predictor.streamingPredict(I)}. Returning hands the span over to the stream
 * (see DjlStreamingCall); throwing ends it.
 */
final class DjlStreamingPredictAdvice {
  private DjlStreamingPredictAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static InferenceScope enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state) {
    return DjlBridge.startStreamingCall(state);
  }
}
