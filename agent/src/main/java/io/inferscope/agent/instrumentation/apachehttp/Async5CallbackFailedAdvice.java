package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecChain;

/**
 * Inlined into {@code failed(Exception)} of the callback {@code AsyncProtocolExec} passes down for each
 * attempt ({@code AsyncProtocolExec$1}): failures before the transport, above all a refused connection,
 * reach the attempt only here. The rest of the failure path, up to the application's
 * {@code FutureCallback.failed}, runs inside with the call's context current.
 */
final class Async5CallbackFailedAdvice {
  private Async5CallbackFailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.FieldValue("val$scope") Object scope, @Advice.Argument(0) Throwable cause) {
    Object runtime = ((AsyncExecChain.Scope) scope).execRuntime;
    Object exchange = InstrumentedObjects.stateOf(runtime);
    if (exchange == null) {
      return null;
    }
    HttpExchangeBridge.failed(exchange, cause);
    return HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object context) {
    HttpExchangeBridge.exitContext(context);
  }
}
