package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.netty.buffer.ByteBuf;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientOperations.newFullBodyMessage(ByteBuf)}, where a request body sent
 * whole (a {@code Mono}: {@code WebClient}'s {@code bodyValue}, {@code sendString(Mono)}) becomes the
 * request on the wire: its bytes are read in place, indexes untouched, before Netty writes and
 * releases them. A buffer made of several pieces is not read (reading it would copy it whole first).
 */
final class RequestBodyAdvice {
  private RequestBodyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object operations, @Advice.Argument(0) Object body) {
    Object exchange = InstrumentedObjects.stateOf(operations);
    if (exchange == null) {
      return;
    }
    ByteBuf bytes = (ByteBuf) body;
    if (bytes.isReadable() && bytes.nioBufferCount() == 1) {
      HttpExchangeBridge.requestBody(exchange, bytes.nioBuffer());
    }
  }
}
