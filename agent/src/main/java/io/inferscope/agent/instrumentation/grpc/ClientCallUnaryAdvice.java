package io.inferscope.agent.instrumentation.grpc;

import io.inferscope.bootstrap.GrpcBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ClientCalls.blockingUnaryCall(ClientCall, request)}: a call the application (or an
 * older stub) created itself; recorded when the channel's last call created on this thread was a
 * {@code ModelInfer} one. Ends on return or throw.
 */
final class ClientCallUnaryAdvice {
  private ClientCallUnaryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(1) Object request) {
    return GrpcBridge.enterWithCall(request);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object call, @Advice.Return Object response, @Advice.Thrown Throwable error) {
    if (call != null) {
      GrpcBridge.exit(call, response, error);
    }
  }
}
