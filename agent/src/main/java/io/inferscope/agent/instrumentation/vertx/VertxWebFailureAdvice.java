package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.ReadDemand;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.http.RequestOptions;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the web client's {@code HttpContext.handleFailure()}, where a failed call reaches the
 * application's future (its handlers run inside, in the call's context). A call that never got a
 * request object (Vert.x makes one only once it has a connection: a refused connection, an unknown
 * host) is an attempt that failed before its head was written: its exchange starts and fails here, from
 * the web client's request options and body, so it has its span like any other client's.
 */
final class VertxWebFailureAdvice {
  private VertxWebFailureAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.FieldValue("clientRequest") Object request, @Advice.FieldValue("clientResponse") Object response,
      @Advice.FieldValue("requestOptions") Object options,
      @Advice.FieldValue("body") Object body, @Advice.FieldValue("failure") Throwable failure,
      @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object caller) {
    // The web client lets go of its request once the response is in.
    Object exchange = request != null ? InstrumentedObjects.stateOf(request) : ReadDemand.exchangeOf(response);
    if (request == null && response == null && options != null) {
      RequestOptions requested = (RequestOptions) options;
      String method = requested.getMethod().name();
      String host = requested.getHost();
      Integer givenPort = requested.getPort();
      int port = givenPort != null ? givenPort : Boolean.TRUE.equals(requested.isSsl()) ? 443 : 80;
      String path = requested.getURI();
      if (path != null && path.indexOf('?') >= 0) {
        path = path.substring(0, path.indexOf('?')); // the query may carry secrets: never passed on
      }
      if (host != null && path != null && HttpExchangeBridge.observes(method, host, port, path)) {
        byte[] bytes = null;
        if (body instanceof BufferImpl) {
          ByteBuf buffer = ((BufferImpl) body).byteBuf();
          int length = buffer.readableBytes();
          if (length > 0 && length <= HttpExchangeBridge.maxRequestBytes(method, host, port, path)) {
            bytes = new byte[length];
            buffer.getBytes(buffer.readerIndex(), bytes);
          }
        } else if (body instanceof Buffer) {
          int length = ((Buffer) body).length();
          if (length > 0 && length <= HttpExchangeBridge.maxRequestBytes(method, host, port, path)) {
            bytes = ((Buffer) body).getBytes();
          }
        }
        Object scope = HttpExchangeBridge.enterCaptured(caller); // the caller's child, as if its head had been written
        try {
          exchange = HttpExchangeBridge.start(method, host, port, path, bytes);
        } finally {
          HttpExchangeBridge.exitContext(scope);
        }
        HttpExchangeBridge.failed(exchange, failure);
      }
    }
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
