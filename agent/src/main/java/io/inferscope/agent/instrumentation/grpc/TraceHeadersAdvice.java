package io.inferscope.agent.instrumentation.grpc;

import io.grpc.Metadata;
import io.inferscope.bootstrap.GrpcBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the {@code start(Listener, Metadata)} of grpc-java's innermost calls
 * ({@code ClientCallImpl}, and {@code DelayedClientCall}, which holds a call started before the channel
 * resolved its target): when it starts a {@code ModelInfer} call of ours on this thread, the trace headers
 * naming its span are added, after every interceptor, unless the metadata carries one already (the
 * application's, or the OpenTelemetry Java agent's for its own gRPC span).
 */
final class TraceHeadersAdvice {
  private TraceHeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(1) Object metadata) {
    String[] pairs = GrpcBridge.traceHeaders();
    if (pairs == null || metadata == null) {
      return;
    }
    Metadata headers = (Metadata) metadata;
    for (String field : GrpcBridge.propagationFields()) {
      if (headers.containsKey(Metadata.Key.of(field, Metadata.ASCII_STRING_MARSHALLER))) {
        return;
      }
    }
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      headers.put(Metadata.Key.of(pairs[i], Metadata.ASCII_STRING_MARSHALLER), pairs[i + 1]);
    }
  }
}
