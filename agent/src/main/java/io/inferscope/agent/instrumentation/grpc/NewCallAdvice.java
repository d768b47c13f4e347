package io.inferscope.agent.instrumentation.grpc;

import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.inferscope.bootstrap.GrpcBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code ManagedChannelImpl.newCall(MethodDescriptor, CallOptions)}, which every channel a
 * {@code ManagedChannelBuilder} builds ends in: says on this thread whether the call just created is a
 * {@code ModelInfer} one (and where it goes), for the future and async stubs, whose {@code ClientCalls}
 * methods only get the call.
 */
final class NewCallAdvice {
  private NewCallAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object channel, @Advice.Argument(0) Object method) {
    boolean modelInfer = GrpcBridge.MODEL_INFER.equals(((MethodDescriptor<?, ?>) method).getFullMethodName());
    GrpcBridge.callCreated(modelInfer, modelInfer ? ((Channel) channel).authority() : null);
  }
}
