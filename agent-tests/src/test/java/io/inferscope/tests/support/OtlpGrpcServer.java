package io.inferscope.tests.support;

import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;

/**
 * OTLP/gRPC transport of {@link OtlpReceiver}. The services are declared by hand with a byte[]
 * marshaller, so no protoc-generated stubs (nor grpc-protobuf) are needed and the receiver sees
 * exactly the bytes the exporter sent.
 */
final class OtlpGrpcServer implements Closeable {

  /** An empty Export*ServiceResponse: no partial-success report means everything was accepted. */
  private static final byte[] EMPTY_RESPONSE = new byte[0];

  private final ExecutorService executor = OtlpReceiver.daemonThreads("otlp-grpc-receiver");
  private final Server server;

  private OtlpGrpcServer(OtlpReceiver receiver) throws IOException {
    NettyServerBuilder builder = NettyServerBuilder
        .forAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
        // Our own pool rather than gRPC's shared one, since held requests block their threads.
        .executor(executor);
    for (OtlpSignal signal : OtlpSignal.values()) {
      builder.addService(exportService(signal, receiver));
    }
    server = builder.build().start();
  }

  static OtlpReceiver.ServerHandle start(OtlpReceiver receiver) throws IOException {
    OtlpGrpcServer server = new OtlpGrpcServer(receiver);
    return new OtlpReceiver.ServerHandle(server, server.server.getPort());
  }

  private static ServerServiceDefinition exportService(OtlpSignal signal, OtlpReceiver receiver) {
    MethodDescriptor<byte[], byte[]> export = GrpcBytes.unary(signal.grpcService, "Export");
    return ServerServiceDefinition.builder(signal.grpcService)
        .addMethod(export, ServerCalls.asyncUnaryCall(
            (request, response) -> answer(receiver.accept(signal, request), response)))
        .build();
  }

  private static void answer(int httpStatus, StreamObserver<byte[]> response) {
    switch (httpStatus) {
      case OtlpReceiver.OK -> {
        response.onNext(EMPTY_RESPONSE);
        response.onCompleted();
      }
      case OtlpReceiver.BAD_REQUEST -> response.onError(
          Status.INVALID_ARGUMENT.withDescription("malformed OTLP request").asRuntimeException());
      default -> response.onError(Status.UNAVAILABLE
          .withDescription("OTLP receiver refused the request (HTTP " + httpStatus + ")")
          .asRuntimeException());
    }
  }

  @Override
  public void close() {
    GrpcServers.stop(server, executor);
  }
}
