package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.OkHttpBridge;
import net.bytebuddy.asm.Advice;
import okhttp3.Response;

/**
 * Inlined into {@code RealCall.getResponseWithInterceptorChain}, which both sync and async calls run
 * (after OkHttp's own retries and redirects): the status and content type, or the failure.
 */
final class OkHttpResponseAdvice {
  private OkHttpResponseAdvice() {}

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.FieldValue(InstrumentedObject.STATE_FIELD) Object exchange, @Advice.Return Response response,
      @Advice.Thrown Throwable error) {
    if (exchange == null) {
      return;
    }
    if (error != null) {
      OkHttpBridge.failed(exchange, error);
    } else if (response != null) {
      OkHttpBridge.responded(exchange, response.code(), response.header("Content-Type"));
    }
  }
}
