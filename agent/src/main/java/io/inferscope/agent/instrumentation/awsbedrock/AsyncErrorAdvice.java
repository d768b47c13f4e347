package io.inferscope.agent.instrumentation.awsbedrock;

import io.inferscope.bootstrap.AwsSdkBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;

/** Inlined into the handler's {@code onError}: the attempt failed (before its response, or during it). */
final class AsyncErrorAdvice {
  private AsyncErrorAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object handler, @Advice.Argument(0) Throwable error) {
    Object execution = InstrumentedObjects.stateOf(handler);
    if (execution != null) {
      AwsSdkBridge.failed(execution, error);
    }
  }
}
