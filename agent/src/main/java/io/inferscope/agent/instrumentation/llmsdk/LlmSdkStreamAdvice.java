package io.inferscope.agent.instrumentation.llmsdk;

import io.inferscope.bootstrap.LlmSdkBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into an SDK method that starts a streamed LLM call and returns before the stream is read
 * (openai-java {@code createStreaming}, LangChain4j {@code StreamingChatModel.chat}): the call's span
 * ends with the stream.
 */
public final class LlmSdkStreamAdvice {
  private LlmSdkStreamAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter() {
    return LlmSdkBridge.enter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object boundary, @Advice.Thrown Throwable error) {
    LlmSdkBridge.exit(boundary, null, error, true);
  }
}
