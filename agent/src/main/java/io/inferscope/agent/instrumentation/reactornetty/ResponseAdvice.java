package io.inferscope.agent.instrumentation.reactornetty;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientOperations.onInboundNext(ctx, msg)}, on the event loop, for each part of
 * the answer as it arrives and before the application's subscriber gets it: the status line and
 * headers (as the application sees them: a decompressing client has already decoded the body and
 * dropped its encoding), every content buffer (read in place, its indexes untouched) and the last one,
 * which ends the exchange. What the method runs downstream (the response's subscribers, the
 * application's operators) runs in the call's context. Interim answers (100 Continue), stray content
 * of a previous exchange on the connection and undecodable messages (their error comes through
 * {@code onInboundError}) are left alone.
 */
final class ResponseAdvice {
  private ResponseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.This Object operations, @Advice.Argument(1) Object message, @Advice.FieldValue("started") boolean started,
      @Advice.FieldValue("is100Continue") boolean interim) {
    Object exchange = InstrumentedObjects.stateOf(operations);
    if (exchange == null || !(message instanceof HttpObject) || ((HttpObject) message).decoderResult().isFailure()) {
      return null;
    }
    boolean answering = started && !interim;
    if (message instanceof HttpResponse && !started) {
      HttpResponse response = (HttpResponse) message;
      int status = response.status().code();
      if (status != 100) {
        HttpHeaders headers = response.headers();
        HttpExchangeBridge.responded(exchange, status, headers.get("Content-Type"), headers.get("Content-Encoding"));
        answering = true;
      }
    }
    if (answering && message instanceof HttpContent) {
      ByteBuf content = ((HttpContent) message).content();
      if (content.isReadable()) {
        HttpExchangeBridge.bodyBuffer(exchange, content.nioBuffer());
      }
      if (message instanceof LastHttpContent) {
        HttpExchangeBridge.bodyEnded(exchange);
      }
    }
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
