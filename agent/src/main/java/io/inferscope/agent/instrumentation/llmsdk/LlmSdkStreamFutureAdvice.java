package io.inferscope.agent.instrumentation.llmsdk;

import io.inferscope.bootstrap.LlmSdkBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The exit of an SDK method that starts a streamed LLM call and returns a future of the stream
 * (google-genai's {@code AsyncModels.privateGenerateContentStream}), woven after
 * {@link LlmSdkCallAdvice}'s enter: the call's span ends with the stream the future completes with,
 * or with the future's failure. The future is replaced, as {@link LlmSdkCallAdvice} replaces one, by
 * one that completes in the call's context.
 */
public final class LlmSdkStreamFutureAdvice {
  private LlmSdkStreamFutureAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object boundary,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable error) {
    Object instead = LlmSdkBridge.exit(boundary, returned, error, true);
    if (instead != null) {
      returned = instead;
    }
  }
}
