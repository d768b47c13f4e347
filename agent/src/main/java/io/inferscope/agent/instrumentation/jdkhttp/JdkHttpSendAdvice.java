package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.bootstrap.HttpClientBridge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the public {@code send} and {@code sendAsync} of {@code HttpClientFacade}, the client
 * every application holds. For an LLM request the exchange starts here, the application's body
 * handler is swapped for one that reports the response and passes every byte through untouched, and
 * the request for a copy that carries the call's trace headers (when the application set none). The
 * call is current until the method returns: spans another agent starts inside it (the OpenTelemetry
 * Java agent's HTTP client span, which begins in these same methods) are its children. Only public
 * {@code java.net.http} types appear here: the advice runs inside module java.net.http.
 */
final class JdkHttpSendAdvice {
  private JdkHttpSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler<?> handler) {
    Object exchange = HttpClientBridge.start(request, handler);
    if (exchange == null) {
      return null;
    }
    Object traced = HttpClientBridge.bodyHandler(exchange);
    if (traced != null) {
      handler = (HttpResponse.BodyHandler<?>) traced;
    }
    Object propagated = HttpClientBridge.propagated(exchange, request);
    if (propagated != null) {
      request = (HttpRequest) propagated;
    }
    return HttpClientBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object scope, @Advice.Thrown Throwable error) {
    HttpClientBridge.exitContext(scope, error);
  }
}
