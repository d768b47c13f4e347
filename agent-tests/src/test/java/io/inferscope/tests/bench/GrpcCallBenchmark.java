package io.inferscope.tests.bench;

import com.google.protobuf.DynamicMessage;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.inferscope.tests.apps.OipMessages;
import io.inferscope.tests.support.GrpcBytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * An Open Inference Protocol {@code ModelInfer} over grpc-java (the test class path's version, Netty, one
 * connection) to a fake server in the same JVM on 127.0.0.1 that answers at once with two outputs:
 * {@link #blocking()} as a blocking stub calls it, {@link #future()} as a future stub does (the call created
 * by {@code newCall}, the future waited for). With the agent each call gets a predict span and metrics; the
 * difference to the run without it is what the gRPC hooks and the request and response reading cost.
 * Messages are {@code DynamicMessage}s of the protocol's descriptors with a marshaller of their own (the
 * class path has no grpc-protobuf runtime).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GrpcCallBenchmark {
  private Server server;
  private ManagedChannel channel;
  private MethodDescriptor<DynamicMessage, DynamicMessage> modelInfer;
  private DynamicMessage request;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    byte[] answer = OipMessages.response("resnet", "1", "bench", List.of("OUTPUT0", "OUTPUT1"), 4).toByteArray();
    MethodDescriptor<byte[], byte[]> serverSide = GrpcBytes.unary(OipMessages.SERVICE, "ModelInfer");
    server = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))
        .addService(ServerServiceDefinition.builder(OipMessages.SERVICE)
            .addMethod(serverSide, ServerCalls.asyncUnaryCall((in, out) -> {
              out.onNext(answer);
              out.onCompleted();
            })).build())
        .build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getPort()).usePlaintext().build();
    modelInfer = MethodDescriptor.newBuilder(new Messages(OipMessages.inferRequest()), new Messages(OipMessages.inferResponse()))
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(OipMessages.SERVICE, "ModelInfer")).build();
    request = OipMessages.request("resnet", null, List.of(
        new OipMessages.Input("INPUT0", List.of(4L, 3L), List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f))), List.of());
    // Fail here, not in the measurement, if the server does not answer as expected.
    if (blocking() < 10) {
      throw new IllegalStateException("unexpected answer from the fake server");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  /** The answer's size in bytes. */
  @Benchmark
  public int blocking() {
    return ClientCalls.blockingUnaryCall(channel, modelInfer, CallOptions.DEFAULT, request).getSerializedSize();
  }

  @Benchmark
  public int future() throws InterruptedException, ExecutionException {
    return ClientCalls.futureUnaryCall(channel.newCall(modelInfer, CallOptions.DEFAULT), request).get().getSerializedSize();
  }

  /** What {@code ProtoUtils.marshaller} does for a message type, without grpc-protobuf. */
  private static final class Messages implements MethodDescriptor.Marshaller<DynamicMessage> {
    private final com.google.protobuf.Descriptors.Descriptor type;

    Messages(com.google.protobuf.Descriptors.Descriptor type) {
      this.type = type;
    }

    @Override
    public InputStream stream(DynamicMessage value) {
      return new ByteArrayInputStream(value.toByteArray());
    }

    @Override
    public DynamicMessage parse(InputStream stream) {
      try {
        return DynamicMessage.parseFrom(type, stream);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
