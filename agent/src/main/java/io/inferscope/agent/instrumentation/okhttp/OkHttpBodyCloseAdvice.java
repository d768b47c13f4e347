package io.inferscope.agent.instrumentation.okhttp;


import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.HttpExchangeBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Exchange$ResponseBodySource.close()}: closed before its end is an early close. */
final class OkHttpBodyCloseAdvice {
  private OkHttpBodyCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("this$0") Object httpExchange) {
    Object exchange = InstrumentedObjects.stateOf(httpExchange);
    // Before the call's response was reported, an interceptor closed a retried attempt's answer (google-genai's
    // RetryInterceptor): not the application's close.
    if (HttpExchangeBridge.hasResponse(exchange)) {
      HttpExchangeBridge.bodyClosed(exchange);
    }
  }
}
