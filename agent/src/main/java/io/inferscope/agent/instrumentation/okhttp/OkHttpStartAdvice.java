package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.HttpExchangeBridge;
import net.bytebuddy.asm.Advice;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;

/**
 * Inlined into {@code RealCall.execute()} and {@code enqueue(Callback)}: on the caller's thread, so
 * the call's span is a child of whatever the caller is doing. Only an LLM request's body is read,
 * and only when OkHttp can write it again (not one-shot, not duplex) and it is small enough.
 */
final class OkHttpStartAdvice {
  private OkHttpStartAdvice() {}

  /** @return whether this invocation started an exchange (not when the call already ran: OkHttp refuses it) */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  static boolean enter(
      @Advice.FieldValue("originalRequest") Object originalRequest, @Advice.This Object call,
      @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object existing) throws Exception {
    Request request = (Request) originalRequest;
    HttpUrl url = request.url();
    String method = request.method();
    String path = url.encodedPath();
    if (existing != null || !HttpExchangeBridge.observes(method, url.host(), url.port(), path)) {
      return false;
    }
    byte[] body = null;
    RequestBody requestBody = request.body();
    if (requestBody != null && !requestBody.isOneShot() && !requestBody.isDuplex()) {
      long length = requestBody.contentLength();
      if (length > 0 && length <= HttpExchangeBridge.maxRequestBytes(method, url.host(), url.port(), path)) {
        Buffer buffer = new Buffer();
        requestBody.writeTo(buffer);
        body = buffer.readByteArray();
      }
    }
    Object exchange = HttpExchangeBridge.start(method, url.host(), url.port(), path, body);
    ((InstrumentedObject) call).inferscope$setState(exchange);
    return exchange != null;
  }

  /** {@code execute} twice, or a dispatcher that rejects the call: the exchange ends with it. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter boolean started, @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange,
      @Advice.Thrown Throwable error) {
    if (started && error != null) {
      HttpExchangeBridge.failed(exchange, error);
    }
  }
}
