package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.bootstrap.HttpClientBridge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the private {@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)}
 * that {@code send} and both public {@code sendAsync} end in. For an LLM request the application's
 * body handler is swapped for one that reports the response and passes every byte through untouched,
 * and the request for a copy that carries the call's trace headers (when the application set none).
 * Only public {@code java.net.http} types appear here: the advice runs inside module java.net.http.
 */
final class JdkHttpSendAdvice {
  private JdkHttpSendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler<?> handler) {
    Object exchange = HttpClientBridge.start(request, handler);
    if (exchange != null) {
      Object traced = HttpClientBridge.bodyHandler(exchange);
      if (traced != null) {
        handler = (HttpResponse.BodyHandler<?>) traced;
      }
      Object propagated = HttpClientBridge.propagated(exchange, request);
      if (propagated != null) {
        request = (HttpRequest) propagated;
      }
    }
    return exchange;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Enter Object exchange, @Advice.Return(readOnly = false) CompletableFuture<?> future,
      @Advice.Thrown Throwable error) {
    if (exchange != null) {
      Object inContext = HttpClientBridge.sent(exchange, future, error);
      if (inContext != null) {
        future = (CompletableFuture<?>) inContext;
      }
    }
  }
}
