package io.inferscope.agent.instrumentation.llmsdk;

import io.inferscope.agent.llm.LlmBoundary;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.LlmSdkBridge;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Logical-call boundaries for every LLM client SDK hook; installed once, whichever SDKs are on. */
public final class LlmSdkHooks extends LlmSdkBridge {
  private static final LlmSdkHooks INSTANCE = new LlmSdkHooks();

  private LlmSdkHooks() {}

  public static void install() {
    LlmSdkBridge.install(INSTANCE);
  }

  @Override
  protected Object onCurrentCall() {
    try {
      return LlmBoundary.onThisThread();
    } catch (Throwable t) {
      HookErrors.report("llm sdk call", t);
      return null;
    }
  }

  @Override
  protected Object onInCallContext(Object call, Object executor) {
    return call instanceof LlmBoundary && executor instanceof Executor
        ? new CallContextExecutor((LlmBoundary) call, (Executor) executor)
        : null;
  }

  @Override
  protected Object onEnter() {
    try {
      return LlmBoundary.enter();
    } catch (Throwable t) {
      HookErrors.report("llm sdk enter", t);
      return null;
    }
  }

  @Override
  protected Object onExit(Object boundary, Object returned, Throwable error, boolean stream) {
    try {
      LlmBoundary call = (LlmBoundary) boundary;
      if (error != null) {
        call.exit(error);
      } else if (returned instanceof CompletableFuture) {
        CompletableFuture<?> future = (CompletableFuture<?>) returned;
        CompletableFuture<Object> inContext = stream ? call.exitWithStreamFuture(future) : call.exitWithFuture(future);
        // Only a plain CompletableFuture is replaced: the stand-in must fit the method's return type.
        return returned.getClass() == CompletableFuture.class ? inContext : null;
      } else if (stream) {
        call.exitWithStream();
      } else {
        call.exit(null);
      }
    } catch (Throwable t) {
      HookErrors.report("llm sdk exit", t);
    }
    return null;
  }

  @Override
  protected Object onExitWithPublisher(Object boundary, Throwable error) {
    try {
      LlmBoundary call = (LlmBoundary) boundary;
      if (error != null) {
        call.exit(error);
        return null;
      }
      return call.exitWithPublisher();
    } catch (Throwable t) {
      HookErrors.report("llm sdk exit", t);
      return null;
    }
  }
}
