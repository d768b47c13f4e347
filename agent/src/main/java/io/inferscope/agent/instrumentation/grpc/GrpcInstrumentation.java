package io.inferscope.agent.instrumentation.grpc;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.inferscope.agent.http.TracePropagation;
import io.inferscope.agent.instrumentation.AdviceLocator;
import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.inferscope.agent.instrumentation.TypeTransformation;
import io.inferscope.agent.ml.remote.GrpcInferCalls;
import io.inferscope.bootstrap.GrpcBridge;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * grpc-java (io.grpc, tested 1.68.1 and 1.85.1): the Open Inference Protocol's {@code ModelInfer}
 * ({@code inference.GRPCInferenceService}, as Triton, KServe, Seldon MLServer and OpenVINO Model Server
 * serve it), unary, through the {@code ClientCalls} methods generated stubs call.
 *
 * <ul>
 *   <li>{@code ClientCalls.blockingUnaryCall(Channel, MethodDescriptor, CallOptions, request)}: blocking
 *       stubs (and {@code blockingV2UnaryCall}); the span is current while the channel creates the call.
 *   <li>{@code ClientCalls.futureUnaryCall}, {@code asyncUnaryCall}, {@code blockingUnaryCall(ClientCall,
 *       request)}: given a call the stub created just before, whose method {@code ManagedChannelImpl.newCall}
 *       told on this thread.
 *   <li>{@code ClientCallImpl.start} and {@code DelayedClientCall.start}: the trace headers, when no
 *       interceptor wrote any.
 * </ul>
 *
 * Streaming ({@code ModelStreamInfer}) and every other method are left alone.
 */
public final class GrpcInstrumentation implements LibraryInstrumentation {
  public static final String NAME = "grpc";

  private static final String CLIENT_CALLS = "io.grpc.stub.ClientCalls";
  private static final String CHANNEL = "io.grpc.internal.ManagedChannelImpl";
  private static final String CALL = "io.grpc.internal.ClientCallImpl";
  private static final String DELAYED_CALL = "io.grpc.internal.DelayedClientCall";

  static final ElementMatcher<MethodDescription> BLOCKING_WITH_METHOD =
      named("blockingUnaryCall").and(takesArguments(4)).and(takesArgument(0, named("io.grpc.Channel")))
          .and(takesArgument(1, named("io.grpc.MethodDescriptor")));
  static final ElementMatcher<MethodDescription> BLOCKING_WITH_CALL =
      named("blockingUnaryCall").and(takesArguments(2)).and(takesArgument(0, named("io.grpc.ClientCall")));
  static final ElementMatcher<MethodDescription> FUTURE =
      named("futureUnaryCall").and(takesArguments(2)).and(takesArgument(0, named("io.grpc.ClientCall")));
  static final ElementMatcher<MethodDescription> ASYNC =
      named("asyncUnaryCall").and(takesArguments(3)).and(takesArgument(0, named("io.grpc.ClientCall")))
          .and(takesArgument(2, named("io.grpc.stub.StreamObserver")));
  static final ElementMatcher<MethodDescription> NEW_CALL =
      named("newCall").and(takesArguments(2)).and(takesArgument(0, named("io.grpc.MethodDescriptor")));
  static final ElementMatcher<MethodDescription> START =
      named("start").and(takesArguments(2)).and(takesArgument(1, named("io.grpc.Metadata")));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    GrpcBridge.install(new GrpcHooks(new GrpcInferCalls(openTelemetry, agentVersion),
        new TracePropagation(openTelemetry.getPropagators().getTextMapPropagator())));
  }

  @Override
  public List<TypeTransformation> transformations(AdviceLocator advice) {
    return List.of(
        new TypeTransformation(CLIENT_CALLS,
            declaresMethod(BLOCKING_WITH_METHOD).and(declaresMethod(FUTURE)).and(declaresMethod(ASYNC)),
            type -> type.visit(advice.to(BlockingUnaryAdvice.class.getName()).on(BLOCKING_WITH_METHOD))
                .visit(advice.to(ClientCallUnaryAdvice.class.getName()).on(BLOCKING_WITH_CALL))
                .visit(advice.to(FutureUnaryAdvice.class.getName()).on(FUTURE))
                .visit(advice.to(AsyncUnaryAdvice.class.getName()).on(ASYNC))),
        new TypeTransformation(CHANNEL, declaresMethod(NEW_CALL),
            type -> type.visit(advice.to(NewCallAdvice.class.getName()).on(NEW_CALL))),
        new TypeTransformation(CALL, declaresMethod(START),
            type -> type.visit(advice.to(TraceHeadersAdvice.class.getName()).on(START))),
        new TypeTransformation(DELAYED_CALL, declaresMethod(START),
            type -> type.visit(advice.to(TraceHeadersAdvice.class.getName()).on(START))));
  }
}
