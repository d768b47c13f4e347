package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.HttpExchangeBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code Exchange$ResponseBodySource.close()}: closed before its end is an early close. */
final class OkHttpBodyCloseAdvice {
  private OkHttpBodyCloseAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.FieldValue("this$0") Object httpExchange) {
    HttpExchangeBridge.bodyClosed(InstrumentedObjects.stateOf(httpExchange));
  }
}
