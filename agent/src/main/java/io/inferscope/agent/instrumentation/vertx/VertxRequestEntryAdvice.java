package io.inferscope.agent.instrumentation.vertx;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObjects;
import io.vertx.core.http.HttpClientRequest;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpClientRequestImpl}'s {@code end} overloads and {@code sendHead} /
 * {@code writeHead}, which write the request's head (through {@code doWrite}, on this thread), outside
 * whatever other agents wove into them before: the OpenTelemetry Java agent starts its HTTP span in
 * these methods, a child of what is current. An LLM request's exchange starts here, current while the
 * method runs, so that span is its child (and the agent's handlers of the response, which restore the
 * context it saw here, run in the call's); {@link VertxHeadWriteAdvice} takes it as the request's.
 */
final class VertxRequestEntryAdvice {
  private VertxRequestEntryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object request, @Advice.FieldValue("headWritten") boolean headWritten) {
    if (headWritten || InstrumentedObjects.stateOf(request) != null) {
      return null;
    }
    HttpClientRequest http = (HttpClientRequest) request;
    String uri = http.absoluteURI();
    return HttpExchangeBridge.enterEntry(
        http.getMethod().name(), HttpExchangeBridge.hostOf(uri), HttpExchangeBridge.portOf(uri), http.path());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object entry, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitEntry(entry, error);
  }
}
