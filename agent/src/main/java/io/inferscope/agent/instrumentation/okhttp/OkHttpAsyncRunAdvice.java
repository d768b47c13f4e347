package io.inferscope.agent.instrumentation.okhttp;

import io.inferscope.bootstrap.InstrumentedObjects;
import io.inferscope.bootstrap.HttpExchangeBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code RealCall$AsyncCall.run()}: the LLM call's context is current on the dispatcher
 * thread while it runs the call and the application's callback, so work done in the callback (an SDK
 * completing its future, the application's continuation) joins the call's trace.
 */
final class OkHttpAsyncRunAdvice {
  private OkHttpAsyncRunAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("this$0") Object call) {
    return HttpExchangeBridge.enterContext(InstrumentedObjects.stateOf(call));
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object scope) {
    HttpExchangeBridge.exitContext(scope);
  }
}
