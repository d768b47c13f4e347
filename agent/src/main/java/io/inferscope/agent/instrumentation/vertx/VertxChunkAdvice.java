package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.ReadDemand;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientResponseImpl.handleChunk(Buffer)}, which hands every body chunk to the
 * application's handler (its own, the web client's body codec, {@code body()}): the bytes are shown to
 * the exchange in place first (Vert.x's own buffer, 4.x and 5.x alike, read through a view; its indexes
 * untouched), one chunk of the application's demand is met, and the handler runs with the call's
 * context current.
 */
final class VertxChunkAdvice {
  private VertxChunkAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object state, @Advice.Argument(0) Object chunk) {
    if (!(state instanceof ReadDemand)) {
      return null;
    }
    ReadDemand demand = (ReadDemand) state;
    Object exchange = demand.exchange();
    if (chunk instanceof BufferImpl) {
      HttpExchangeBridge.bodyBuffer(exchange, ((BufferImpl) chunk).byteBuf().nioBuffer());
    } else if (chunk != null) {
      byte[] bytes = ((Buffer) chunk).getBytes();
      HttpExchangeBridge.bodyBytes(exchange, bytes, 0, bytes.length);
    }
    demand.delivered();
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
