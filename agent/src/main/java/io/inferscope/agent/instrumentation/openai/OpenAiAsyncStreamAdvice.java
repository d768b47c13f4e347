package io.inferscope.agent.instrumentation.openai;

import io.inferscope.bootstrap.LlmSdkBridge;
import java.util.concurrent.Executor;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into openai-java's {@code ClientOptions.streamHandlerExecutor()}: asked for inside an async
 * {@code createStreaming} (its call current), the executor that will run the stream's handlers gets
 * the call's context for them. Asked for anywhere else, it is returned unchanged. (A handler
 * subscribed with an executor of the application's own runs as the application arranged.)
 */
final class OpenAiAsyncStreamAdvice {
  private OpenAiAsyncStreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Executor executor) {
    Object inContext = LlmSdkBridge.inCallContext(LlmSdkBridge.currentCall(), executor);
    if (inContext != null) {
      executor = (Executor) inContext;
    }
  }
}
