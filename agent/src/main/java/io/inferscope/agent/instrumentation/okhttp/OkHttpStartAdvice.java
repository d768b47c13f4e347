package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.OkHttpBridge;
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
    if (existing != null || !OkHttpBridge.isLlmRequest(method, url.host(), url.port(), url.encodedPath(), url.encodedQuery())) {
      return false;
    }
    byte[] body = null;
    RequestBody requestBody = request.body();
    if (requestBody != null && !requestBody.isOneShot() && !requestBody.isDuplex()) {
      long length = requestBody.contentLength();
      if (length > 0 && length <= OkHttpBridge.maxRequestBytes()) {
        Buffer buffer = new Buffer();
        requestBody.writeTo(buffer);
        body = buffer.readByteArray();
      }
    }
    OkHttpBridge.start(call, method, url.host(), url.port(), url.encodedPath(), url.encodedQuery(), body);
    return true;
  }

  /** {@code execute} twice, or a dispatcher that rejects the call: the exchange ends with it. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter boolean started, @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange,
      @Advice.Thrown Throwable error) {
    if (started && error != null) {
      OkHttpBridge.failed(exchange, error);
    }
  }
}
