package io.inferscope.agent.instrumentation.onnxruntime;

import io.inferscope.bootstrap.OnnxRuntimeBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into the public {@code SessionOptions.add*} execution-provider methods. */
final class OrtProviderAdvice {
  private OrtProviderAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object options, @Advice.Origin("#m") String method) {
    OnnxRuntimeBridge.providerAdded(options, method);
  }
}
