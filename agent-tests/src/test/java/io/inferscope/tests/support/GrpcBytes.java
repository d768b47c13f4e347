package io.inferscope.tests.support;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** gRPC messages as the bytes on the wire, for the fake servers: they decode (or ignore) what they get themselves. */
public final class GrpcBytes implements MethodDescriptor.Marshaller<byte[]> {
  public static final GrpcBytes MARSHALLER = new GrpcBytes();

  private GrpcBytes() {}

  /** A unary method of {@code service} whose requests and responses are bytes. */
  public static MethodDescriptor<byte[], byte[]> unary(String service, String method) {
    return MethodDescriptor.newBuilder(MARSHALLER, MARSHALLER).setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method)).build();
  }

  @Override
  public InputStream stream(byte[] value) {
    return new ByteArrayInputStream(value);
  }

  @Override
  public byte[] parse(InputStream stream) {
    try {
      return stream.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
