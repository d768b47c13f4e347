package io.inferscope.agent.instrumentation.llmsdk;

import io.inferscope.bootstrap.LlmSdkBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into an SDK method that is one logical LLM call and returns its result or a future of it
 * (openai-java {@code create}, LangChain4j {@code ChatModel.chat}). The HTTP attempts made inside it
 * report to one span. A returned future is replaced by one that completes like it with the call's
 * context current, so the application's continuations join the call's trace whichever thread completes it.
 */
public final class LlmSdkCallAdvice {
  private LlmSdkCallAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter() {
    return LlmSdkBridge.enter();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object boundary,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable error) {
    Object instead = LlmSdkBridge.exit(boundary, returned, error, false);
    if (instead != null) {
      returned = instead;
    }
  }
}
