package io.inferscope.agent.ml.remote;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.CancellationException;

/**
 * The gRPC status a failed call ended with, read from grpc-java's {@code StatusRuntimeException} or
 * {@code StatusException} (anywhere in the cause chain) without linking to grpc-java: its code's name
 * ({@code NOT_FOUND}, {@code UNAVAILABLE}...) is the span's {@code error.type}, the start of its
 * description the span's status message.
 */
record GrpcStatus(String code, String message) {
  private static final int MAX_CAUSES = 8;
  private static final ClassValue<MethodHandle[]> READERS = new ClassValue<>() {
    @Override
    protected MethodHandle[] computeValue(Class<?> type) {
      return readers(type);
    }
  };

  /** The status {@code error} carries, or null when it carries none (then its class names the error). */
  static GrpcStatus of(Throwable error) throws Throwable {
    if (error instanceof CancellationException) {
      // A future the application cancelled: grpc-java cancels the call, which the server sees as CANCELLED.
      return new GrpcStatus("CANCELLED", "cancelled by the application");
    }
    Throwable t = error;
    for (int i = 0; i < MAX_CAUSES && t != null; i++) {
      String name = t.getClass().getName();
      if (name.equals("io.grpc.StatusRuntimeException") || name.equals("io.grpc.StatusException")) {
        MethodHandle[] read = READERS.get(t.getClass());
        if (read != null) {
          Object status = read[0].invoke(t);
          Object code = read[1].invoke(status);
          String description = (String) read[2].invoke(status);
          String codeName = code instanceof Enum ? ((Enum<?>) code).name() : String.valueOf(code);
          return new GrpcStatus(codeName, description == null || description.isEmpty()
              ? codeName : ModelServerEndpoint.cap(description, InferResponse.MAX_ERROR_LENGTH));
        }
      }
      t = t.getCause();
    }
    return null;
  }

  /** {@code getStatus()}, {@code Status.getCode()}, {@code Status.getDescription()}; null if absent. */
  private static MethodHandle[] readers(Class<?> exceptionType) {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> statusType = Class.forName("io.grpc.Status", false, exceptionType.getClassLoader());
      Class<?> codeType = Class.forName("io.grpc.Status$Code", false, exceptionType.getClassLoader());
      return new MethodHandle[] {
          lookup.findVirtual(exceptionType, "getStatus", MethodType.methodType(statusType))
              .asType(MethodType.methodType(Object.class, Throwable.class)),
          lookup.findVirtual(statusType, "getCode", MethodType.methodType(codeType))
              .asType(MethodType.methodType(Object.class, Object.class)),
          lookup.findVirtual(statusType, "getDescription", MethodType.methodType(String.class))
              .asType(MethodType.methodType(String.class, Object.class))};
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }
}
