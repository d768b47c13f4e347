package io.inferscope.agent.instrumentation.grpc;

import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.inferscope.bootstrap.GrpcBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ClientCalls.blockingUnaryCall(Channel, MethodDescriptor, CallOptions, request)},
 * which blocking stubs call (and {@code blockingV2UnaryCall} through it). The method is known before the
 * channel creates the call, so the span is current while it does: gRPC's own spans (the OpenTelemetry
 * Java agent's) become its children. Every other method costs one string comparison.
 */
final class BlockingUnaryAdvice {
  private BlockingUnaryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.Argument(0) Object channel, @Advice.Argument(1) Object method, @Advice.Argument(3) Object request) {
    // Library types only in the body: the advice's signature is read where grpc-java is not visible.
    return GrpcBridge.MODEL_INFER.equals(((MethodDescriptor<?, ?>) method).getFullMethodName())
        ? GrpcBridge.enterWithMethod(((Channel) channel).authority(), request) : null;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object call, @Advice.Return Object response, @Advice.Thrown Throwable error) {
    if (call != null) {
      GrpcBridge.exit(call, response, error);
    }
  }
}
