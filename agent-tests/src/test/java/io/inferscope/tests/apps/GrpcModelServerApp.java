package io.inferscope.tests.apps;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An application that calls an Open Inference Protocol model server over gRPC (grpc-java, whatever version
 * is on its class path) through a hand-written stub that does exactly what a generated one does: blocking
 * calls go through {@code ClientCalls.blockingUnaryCall(channel, method, options, request)}, future and
 * async ones create the call with {@code channel.newCall} and hand it to {@code ClientCalls}.
 *
 * <p>Arguments: the server's {@code host:port}, an unreachable {@code host:port}, then calls as
 * {@code how:model}, {@code how} one of {@code blocking}, {@code future}, {@code async}, {@code flow} (async with a
 * {@code ClientResponseObserver}, which prints {@code beforeStart=true} when gRPC calls it), {@code live}
 * (ServerLive, no prediction) or {@code refused} (blocking, to the unreachable address). Prints per call
 * {@code i.status} (OK or the status code) and {@code i.sha256} of the answer's bytes as received.
 */
public final class GrpcModelServerApp {
  static final MethodDescriptor<DynamicMessage, DynamicMessage> MODEL_INFER =
      unary("ModelInfer", OipMessages.inferRequest(), OipMessages.inferResponse());
  static final MethodDescriptor<DynamicMessage, DynamicMessage> SERVER_LIVE =
      unary("ServerLive", OipMessages.liveRequest(), OipMessages.liveResponse());

  /** As a generated stub's method descriptor: protobuf marshallers of the default instances. */
  private static MethodDescriptor<DynamicMessage, DynamicMessage> unary(String method, Descriptor request, Descriptor response) {
    return MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(OipMessages.SERVICE, method))
        .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(request)))
        .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(response)))
        .build();
  }

  private GrpcModelServerApp() {}

  public static void main(String[] args) throws Exception {
    AppOutput.print("grpc.jar", AppOutput.jarOf(ClientCalls.class));
    ManagedChannel channel = ManagedChannelBuilder.forTarget(args[0]).usePlaintext().build();
    ManagedChannel unreachable = ManagedChannelBuilder.forTarget(args[1]).usePlaintext().build();
    try {
      for (int i = 2; i < args.length; i++) {
        String how = args[i].substring(0, args[i].indexOf(':'));
        String model = args[i].substring(args[i].indexOf(':') + 1);
        String key = Integer.toString(i - 2);
        try {
          DynamicMessage answer = call(how.equals("refused") ? unreachable : channel, how, model);
          AppOutput.print(key + ".status", "OK");
          AppOutput.print(key + ".sha256", AppOutput.sha256(answer.toByteArray()));
        } catch (StatusRuntimeException e) {
          AppOutput.print(key + ".status", e.getStatus().getCode());
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      unreachable.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static DynamicMessage call(ManagedChannel channel, String how, String model) throws Exception {
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
    switch (how) {
      case "blocking":
      case "refused":
        return ClientCalls.blockingUnaryCall(channel, MODEL_INFER, options, request(model));
      case "future":
        try {
          return ClientCalls.futureUnaryCall(channel.newCall(MODEL_INFER, options), request(model)).get();
        } catch (ExecutionException e) {
          throw (StatusRuntimeException) e.getCause();
        }
      case "async":
        CompletableFuture<DynamicMessage> answer = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(MODEL_INFER, options), request(model), new StreamObserver<DynamicMessage>() {
          private DynamicMessage last;

          @Override
          public void onNext(DynamicMessage value) {
            last = value;
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            answer.complete(last);
          }
        });
        try {
          return answer.get();
        } catch (ExecutionException e) {
          throw (StatusRuntimeException) e.getCause();
        }
      case "flow":
        // A ClientResponseObserver: gRPC calls its beforeStart, which must still happen with the agent.
        CompletableFuture<DynamicMessage> flowed = new CompletableFuture<>();
        ClientCalls.asyncUnaryCall(channel.newCall(MODEL_INFER, options), request(model),
            new ClientResponseObserver<DynamicMessage, DynamicMessage>() {
              private DynamicMessage last;

              @Override
              public void beforeStart(ClientCallStreamObserver<DynamicMessage> requestStream) {
                AppOutput.print("beforeStart", requestStream != null);
              }

              @Override
              public void onNext(DynamicMessage value) {
                last = value;
              }

              @Override
              public void onError(Throwable t) {
                flowed.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                flowed.complete(last);
              }
            });
        try {
          return flowed.get();
        } catch (ExecutionException e) {
          throw (StatusRuntimeException) e.getCause();
        }
      case "live":
        return ClientCalls.blockingUnaryCall(channel, SERVER_LIVE, options,
            DynamicMessage.getDefaultInstance(OipMessages.liveRequest()));
      default:
        throw new IllegalArgumentException(how);
    }
  }

  /** Two inputs (a [4,3] batch and its [4] mask); the model {@code classifier} also names version 3 and one output. */
  static DynamicMessage request(String model) {
    List<OipMessages.Input> inputs = List.of(
        new OipMessages.Input("INPUT0", List.of(4L, 3L), List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f)),
        new OipMessages.Input("MASK", List.of(4L), List.of(1f, 1f, 0f, 1f)));
    return model.equals("classifier")
        ? OipMessages.request(model, "3", inputs, List.of("probabilities"))
        : OipMessages.request(model, null, inputs, List.of());
  }
}
