package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.netty.buffer.ByteBuf;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.impl.headers.HeadersMultiMap;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code HttpClientRequestImpl.doWrite(buffer, end, connect, ...)}, where the request's
 * head goes on the wire with its first bytes (the web client's {@code send} and the core client's
 * {@code send}/{@code end} alike; each attempt, a redirect's included, is a request object of its own):
 * an LLM request starts its exchange here, a child of whatever is current on the writing thread, with
 * its body when the head goes out with the whole of it, or takes the one its {@code end} or
 * {@code sendHead} started ({@link VertxRequestEntryAdvice}). The call's trace headers go into a copy of the
 * headers that only the head written now carries: the application's request keeps its own.
 */
final class VertxHeadWriteAdvice {
  private VertxHeadWriteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.This Object request, @Advice.FieldValue("headWritten") boolean headWritten,
      @Advice.Argument(0) Object buffer, @Advice.Argument(1) boolean end,
      @Advice.FieldValue(value = "headers", readOnly = false, typing = Assigner.Typing.DYNAMIC) Object headers,
      @Advice.Local("applicationHeaders") Object applicationHeaders, @Advice.Local("swapped") boolean swapped) {
    if (headWritten || InstrumentedObjects.stateOf(request) != null) {
      return;
    }
    HttpClientRequest http = (HttpClientRequest) request;
    String method = http.getMethod().name();
    String path = http.path();
    // absoluteURI() is scheme://authority/uri on 4.x and 5.x alike; the authority is what the request asks for.
    String uri = http.absoluteURI();
    String host = HttpExchangeBridge.hostOf(uri);
    int port = HttpExchangeBridge.portOf(uri);
    if (!HttpExchangeBridge.observes(method, host, port, path)) {
      return;
    }
    byte[] body = null;
    if (end && buffer != null) {
      ByteBuf bytes = (ByteBuf) buffer;
      int length = bytes.readableBytes();
      if (length > 0 && length <= HttpExchangeBridge.maxRequestBytes(method, host, port, path)) {
        body = new byte[length];
        bytes.getBytes(bytes.readerIndex(), body); // read in place: the buffer's indexes are untouched
      }
    }
    Object exchange = HttpExchangeBridge.startAttempt(method, host, port, path, body);
    ((InstrumentedObject) request).inferscope$setState(exchange);
    String[] fields = HttpExchangeBridge.propagationFields(exchange);
    if (fields == null) {
      return;
    }
    HeadersMultiMap application = (HeadersMultiMap) headers;
    if (application != null) {
      for (String field : fields) {
        if (application.contains(field)) {
          return; // the application propagates for itself
        }
      }
    }
    String[] trace = HttpExchangeBridge.propagationHeaders(exchange);
    if (trace == null || trace.length == 0) {
      return;
    }
    HeadersMultiMap wire = HeadersMultiMap.httpHeaders();
    if (application != null) {
      wire.addAll((MultiMap) application);
    }
    for (int i = 0; i + 1 < trace.length; i += 2) {
      wire.set(trace[i], trace[i + 1]);
    }
    applicationHeaders = application;
    swapped = true;
    headers = wire;
  }

  /** The head holds the wire copy; the request gets its own headers back. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.FieldValue(value = "headers", readOnly = false, typing = Assigner.Typing.DYNAMIC) Object headers,
      @Advice.Local("applicationHeaders") Object applicationHeaders, @Advice.Local("swapped") boolean swapped) {
    if (swapped) {
      headers = applicationHeaders;
    }
  }
}
