package io.inferscope.tests.remote;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.inferscope.tests.apps.OipMessages;
import io.inferscope.tests.support.GrpcBytes;
import io.inferscope.tests.support.GrpcServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fake Open Inference Protocol model server over gRPC on 127.0.0.1 (grpc-java with Netty, in the test
 * JVM): {@code inference.GRPCInferenceService/ModelInfer} answers with the model's outputs (those the
 * request names, else {@code OUTPUT0} and {@code OUTPUT1}) and {@code model_version} (the request's, else
 * {@code 1}); model {@code missing} gets NOT_FOUND, model {@code slow} its answer after 300 ms.
 * {@code ServerLive} answers live. Records every call: method, model, the trace headers it came with and
 * the SHA-256 of the bytes it answered.
 */
final class FakeGrpcModelServer implements AutoCloseable {
  static final String NOT_FOUND_MESSAGE = "Request for unknown model: 'missing' is not found";

  private static final Metadata.Key<String> TRACEPARENT = Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<Exchange> EXCHANGE = Context.key("exchange");

  /** One call as the server saw it; {@code responseSha256} null when it answered with an error. */
  static final class Exchange {
    final String method;
    final List<String> traceparents;
    volatile String model;
    volatile String responseSha256;

    Exchange(String method, List<String> traceparents) {
      this.method = method;
      this.traceparents = traceparents;
    }

    @Override
    public String toString() {
      return method + " " + model + " " + traceparents;
    }
  }

  private final Queue<Exchange> exchanges = new ConcurrentLinkedQueue<>();
  private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "fake-grpc-model-server");
    t.setDaemon(true);
    return t;
  });
  private final Server server;

  private FakeGrpcModelServer() throws IOException {
    ServerServiceDefinition service = ServerServiceDefinition.builder(OipMessages.SERVICE)
        .addMethod(GrpcBytes.unary(OipMessages.SERVICE, "ModelInfer"), ServerCalls.asyncUnaryCall(this::infer))
        .addMethod(GrpcBytes.unary(OipMessages.SERVICE, "ServerLive"), ServerCalls.asyncUnaryCall(this::live))
        .build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
        .addService(ServerInterceptors.intercept(service, new Recorder()))
        .build().start();
  }

  static FakeGrpcModelServer start() {
    try {
      return new FakeGrpcModelServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  int port() {
    return server.getPort();
  }

  List<Exchange> exchanges() {
    return new ArrayList<>(exchanges);
  }

  /** Records the call and its headers; the handler finds its record in the gRPC context. */
  private final class Recorder implements ServerInterceptor {
    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
      Iterable<String> values = headers.getAll(TRACEPARENT);
      List<String> traceparents = new ArrayList<>();
      if (values != null) {
        values.forEach(traceparents::add);
      }
      Exchange exchange = new Exchange(call.getMethodDescriptor().getFullMethodName(), traceparents);
      exchanges.add(exchange);
      return Contexts.interceptCall(Context.current().withValue(EXCHANGE, exchange), call, headers, next);
    }
  }

  private void infer(byte[] bytes, StreamObserver<byte[]> answer) {
    Exchange exchange = EXCHANGE.get();
    try {
      Descriptor type = OipMessages.inferRequest();
      DynamicMessage request = DynamicMessage.parseFrom(type, bytes);
      String model = (String) request.getField(type.findFieldByName("model_name"));
      exchange.model = model;
      if (model.equals("missing")) {
        answer.onError(Status.NOT_FOUND.withDescription(NOT_FOUND_MESSAGE).asRuntimeException());
        return;
      }
      String version = (String) request.getField(type.findFieldByName("model_version"));
      List<String> outputs = new ArrayList<>();
      Descriptor outputType = type.findNestedTypeByName("InferRequestedOutputTensor");
      int n = request.getRepeatedFieldCount(type.findFieldByName("outputs"));
      for (int i = 0; i < n; i++) {
        DynamicMessage output = (DynamicMessage) request.getRepeatedField(type.findFieldByName("outputs"), i);
        outputs.add((String) output.getField(outputType.findFieldByName("name")));
      }
      byte[] response = OipMessages.response(model, version.isEmpty() ? "1" : version,
          (String) request.getField(type.findFieldByName("id")), outputs.isEmpty() ? List.of("OUTPUT0", "OUTPUT1") : outputs, 4)
          .toByteArray();
      exchange.responseSha256 = sha256(response);
      Runnable send = () -> {
        answer.onNext(response);
        answer.onCompleted();
      };
      if (model.equals("slow")) {
        later.schedule(send, 300, TimeUnit.MILLISECONDS);
      } else {
        send.run();
      }
    } catch (IOException | RuntimeException e) {
      answer.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
    }
  }

  private void live(byte[] bytes, StreamObserver<byte[]> answer) {
    byte[] response = OipMessages.liveResponse(true).toByteArray();
    EXCHANGE.get().responseSha256 = sha256(response);
    answer.onNext(response);
    answer.onCompleted();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    GrpcServers.stop(server, later);
  }
}
