package io.inferscope.agent.instrumentation.llmsdk;

import io.inferscope.agent.llm.LlmBoundary;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Executor;

/**
 * Runs an SDK's callback tasks (stream handlers on the SDK's own executor) with the LLM call's
 * context current, so work done in them joins the call's trace. Tasks run where the SDK's executor
 * runs them; only the context is added.
 */
final class CallContextExecutor implements Executor {
  private final LlmBoundary call;
  private final Executor delegate;

  CallContextExecutor(LlmBoundary call, Executor delegate) {
    this.call = call;
    this.delegate = delegate;
  }

  /**
   * The call's context when its attempts reported to it; otherwise the context the task was
   * submitted in: an SDK that sends its request from another thread (openai-java's async streams
   * do) submits its handler tasks from the HTTP client's callback, where the call's context is current.
   */
  @Override
  public void execute(Runnable task) {
    Context submitted = Context.current();
    delegate.execute(() -> {
      try (Scope ignored = call.callContextOr(submitted).makeCurrent()) {
        task.run();
      }
    });
  }
}
