package io.inferscope.agent.instrumentation.onnxruntime;

import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import io.inferscope.bootstrap.InferenceScope;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.OnnxRuntimeBridge;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the terminal {@code OrtSession.run} overload (inputs, requested outputs, then pinned outputs
 * or, before 1.17, run options). Reads the input shapes here, where
 * ONNX Runtime's types are visible, and hands plain values to the agent. When the span is not
 * recorded only the first input is read (the batch-size metric needs it).
 */
final class OrtRunAdvice {
  private OrtRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static InferenceScope enter(
      @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state,
      @Advice.Argument(0) Map<String, ? extends OnnxTensorLike> inputs,
      @Advice.Argument(1) Set<String> requestedOutputs,
      @Advice.Argument(2) Object pinnedOutputs) {
    InferenceScope scope = OnnxRuntimeBridge.startRun(state, requestedOutputs, pinnedOutputs);
    if (scope != null && inputs != null) {
      boolean detail = scope.wantsDetail();
      for (Map.Entry<String, ? extends OnnxTensorLike> input : inputs.entrySet()) {
        OnnxTensorLike value = input.getValue();
        ValueInfo info = value == null ? null : value.getInfo();
        scope.input(input.getKey(), info instanceof TensorInfo ? ((TensorInfo) info).getShape() : null);
        if (!detail) {
          break;
        }
      }
    }
    return scope;
  }
}
