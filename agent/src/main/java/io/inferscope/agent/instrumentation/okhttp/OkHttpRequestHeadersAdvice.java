package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.HttpExchangeBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import okhttp3.Request;

/**
 * Inlined into {@code Exchange.writeRequestHeaders(Request)}, where each attempt's request goes on
 * the wire: an LLM call's request is written with the call's trace headers added. Only the written
 * copy changes; interceptors, the call and its response keep the application's request.
 */
final class OkHttpRequestHeadersAdvice {
  private OkHttpRequestHeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.This Object httpExchange,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
    Object exchange = InstrumentedObjects.stateOf(httpExchange);
    if (exchange == null) {
      return;
    }
    String[] fields = HttpExchangeBridge.propagationFields(exchange);
    if (fields == null) {
      return;
    }
    Request original = (Request) request;
    for (String field : fields) {
      if (original.header(field) != null) {
        return; // the application propagates for itself
      }
    }
    String[] headers = HttpExchangeBridge.propagationHeaders(exchange);
    if (headers != null && headers.length > 0) {
      Request.Builder builder = original.newBuilder();
      for (int i = 0; i + 1 < headers.length; i += 2) {
        builder.header(headers[i], headers[i + 1]);
      }
      request = builder.build();
    }
  }
}
