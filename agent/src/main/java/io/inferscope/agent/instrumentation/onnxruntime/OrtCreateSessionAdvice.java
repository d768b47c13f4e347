package io.inferscope.agent.instrumentation.onnxruntime;

import io.inferscope.bootstrap.OnnxRuntimeBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into the package-private 3-argument {@code OrtEnvironment.createSession} overloads. */
final class OrtCreateSessionAdvice {
  private OrtCreateSessionAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(0) Object source, @Advice.Argument(2) Object options) {
    return OnnxRuntimeBridge.startLoad(source, options);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object load, @Advice.Return Object session, @Advice.Thrown Throwable error) {
    OnnxRuntimeBridge.endLoad(load, session, error);
  }
}
