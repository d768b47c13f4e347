package io.inferscope.agent.instrumentation.llmsdk;

import io.inferscope.bootstrap.LlmSdkBridge;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Inlined into an SDK method that is one logical LLM call and returns a Reactor {@code Flux} of its
 * answer (Spring AI {@code StreamingChatModel.stream}): nothing is sent until the Flux is subscribed,
 * after the method returned and often on another thread. The Flux handed back subscribes, and passes
 * its subscriber's requests upstream, through an executor that runs them at once on the calling
 * thread with the call's context current, so the HTTP attempts they send report to the call, whichever
 * transport sends them; the call's span ends when the Flux completes (before its subscriber hears
 * so), fails, or is cancelled by its subscriber, or with its last attempt. The subscriber's threads,
 * signals and items are unchanged. Only used on methods whose return type is a {@code Flux}, so
 * Reactor is there wherever this is woven in; the call's pieces are typed by JDK interfaces
 * ({@code PublisherCall}).
 */
public final class LlmSdkFluxAdvice {
  private LlmSdkFluxAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter() {
    return LlmSdkBridge.enter();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object boundary,
      // Object, not Flux: the advice's parameter types are resolved where Reactor is not visible.
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
      @Advice.Thrown Throwable error) {
    Object call = LlmSdkBridge.exitWithPublisher(boundary, error);
    if (call != null && returned != null) {
      returned = ((Flux<?>) returned).subscribeOn(Schedulers.fromExecutor((Executor) call))
          .doOnError((Consumer) call)
          .doOnComplete((Runnable) call)
          .doFinally((Consumer) call);
    }
  }
}
