package io.inferscope.agent.instrumentation.jdkhttp;

import io.inferscope.bootstrap.HttpClientBridge;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into the private {@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)}
 * that {@code send} and both public {@code sendAsync} end in: for an exchange the public method
 * started (its body handler is ours), the future it returns is swapped for one that completes with the
 * call's context current, and a failure to send ends the exchange.
 */
final class JdkHttpSendAsyncAdvice {
  private JdkHttpSendAsyncAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.Argument(1) HttpResponse.BodyHandler<?> handler) {
    return HttpClientBridge.startedBy(handler);
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
