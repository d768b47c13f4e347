package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.io.OutputStream;
import net.bytebuddy.asm.Advice;
import reactor.netty.channel.ChannelOperations;

/**
 * Inlined into {@code MonoSendMany$SendManyInner.onNext(Object)}, where each buffer of a body sent as a
 * {@code Flux} (Spring's {@code RestClient} on Reactor Netty streams its body so) arrives before it is
 * queued for writing: the first asks the channel's operations for their exchange and keeps where its
 * pieces go ({@link Boolean#FALSE} for a send that is no observed request's body, so that is asked
 * once); each buffer is copied there as it is, its indexes untouched. {@link RequestPiecesEndAdvice}
 * hands the whole body over. A fused source's buffers are polled from a queue instead, without
 * {@code onNext}, and are not read.
 */
final class RequestPieceAdvice {
  private RequestPieceAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object inner, @Advice.FieldValue("ctx") Object ctx, @Advice.Argument(0) Object item) {
    if (!(item instanceof ByteBuf)) {
      return;
    }
    Object pieces = InstrumentedObjects.stateOf(inner);
    if (pieces == null) {
      Object exchange = InstrumentedObjects.stateOf(ChannelOperations.get(((ChannelHandlerContext) ctx).channel()));
      pieces = HttpExchangeBridge.requestBodyStream(exchange);
      ((InstrumentedObject) inner).inferscope$setState(pieces == null ? Boolean.FALSE : pieces);
    }
    if (pieces instanceof OutputStream) {
      ByteBuf bytes = (ByteBuf) item;
      if (bytes.isReadable()) {
        try {
          bytes.getBytes(bytes.readerIndex(), (OutputStream) pieces, bytes.readableBytes());
        } catch (java.io.IOException e) {
          // never thrown: the pieces' stream does not throw
        }
      }
    }
  }
}
