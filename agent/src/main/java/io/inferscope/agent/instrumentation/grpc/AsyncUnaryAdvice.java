package io.inferscope.agent.instrumentation.grpc;

import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import io.inferscope.bootstrap.GrpcBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ClientCalls.asyncUnaryCall(ClientCall, request, observer)}, which async stubs call
 * with the call they created just before: the application's observer is handed to gRPC behind a
 * stand-in of the same interface ({@code ClientResponseObserver} stays one) that ends the call on
 * {@code onError}/{@code onCompleted} and passes everything on.
 */
final class AsyncUnaryAdvice {
  private AsyncUnaryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.Argument(1) Object request,
      @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object observer) {
    Object call = GrpcBridge.enterWithCall(request);
    if (call != null && observer != null) {
      Object instead = GrpcBridge.observing(call, observer,
          observer instanceof ClientResponseObserver ? ClientResponseObserver.class : StreamObserver.class);
      if (instead != null) {
        observer = instead;
      }
    }
    return call;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable error) {
    if (call != null) {
      GrpcBridge.exitAsync(call, error);
    }
  }
}
