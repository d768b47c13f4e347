package io.inferscope.agent.instrumentation.llmsdk;

import io.inferscope.bootstrap.LlmSdkBridge;
import java.util.concurrent.Executor;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into a Stainless-generated SDK's {@code ClientOptions.streamHandlerExecutor()} and
 * {@code completionExecutor()} (openai-java, anthropic-java): asked for inside an async call (its call
 * current), the executor that will run the stream's handlers or the call's continuation gets the call's
 * context for them. Asked for anywhere else, it is returned unchanged. (A handler
 * subscribed with an executor of the application's own runs as the application arranged.)
 */
final class SdkStreamExecutorAdvice {
  private SdkStreamExecutorAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Executor executor) {
    Object inContext = LlmSdkBridge.inCallContext(LlmSdkBridge.currentCall(), executor);
    if (inContext != null) {
      executor = (Executor) inContext;
    }
  }
}
