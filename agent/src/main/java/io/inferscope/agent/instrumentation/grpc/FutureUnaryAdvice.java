package io.inferscope.agent.instrumentation.grpc;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.inferscope.bootstrap.GrpcBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ClientCalls.futureUnaryCall(ClientCall, request)}, which future stubs call with the
 * call they created just before: the call ends when the returned future completes (a listener of ours,
 * run directly by whichever thread completes it), or at once if the method throws.
 */
final class FutureUnaryAdvice {
  private FutureUnaryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(1) Object request) {
    return GrpcBridge.enterWithCall(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object call, @Advice.Return Object future, @Advice.Thrown Throwable error) {
    if (call != null) {
      Runnable ended = GrpcBridge.exitWithFuture(call, future, error);
      if (ended != null) {
        ((ListenableFuture<?>) future).addListener(ended, MoreExecutors.directExecutor());
      }
    }
  }
}
