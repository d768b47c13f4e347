package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecChain;

/**
 * Inlined into {@code InternalAbstractHttpAsyncClient$ScheduledRequestExecution.run()}: the client's
 * retry strategy resends a request later on its scheduler thread, where no context is current. The
 * previous attempt's context is made current, so the next attempt's span stays in the call's trace
 * (its child) instead of starting a new one.
 */
final class Async5RetryContextAdvice {
  private Async5RetryContextAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("scope") Object scope) {
    Object runtime = ((AsyncExecChain.Scope) scope).execRuntime;
    return runtime instanceof InstrumentedObject
        ? HttpExchangeBridge.enterContext(InstrumentedObjects.stateOf(runtime))
        : null;
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
