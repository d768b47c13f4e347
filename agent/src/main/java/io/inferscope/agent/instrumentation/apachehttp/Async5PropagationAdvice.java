package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Inlined into HttpClient 5's {@code HttpAsyncMainClientExec.execute} and {@code H2AsyncMainClientExec.execute},
 * where each request goes on the wire: the attempt's trace headers are added to it. That request is
 * the client's own copy of the application's (made for every attempt), so the application's request
 * object never changes.
 */
final class Async5PropagationAdvice {
  private Async5PropagationAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Object request, @Advice.Argument(2) Object scope) {
    Object runtime = ((AsyncExecChain.Scope) scope).execRuntime;
    if (!(runtime instanceof InstrumentedObject)) {
      return;
    }
    Object exchange = InstrumentedObjects.stateOf(runtime);
    String[] fields = HttpExchangeBridge.propagationFields(exchange);
    if (fields == null) {
      return;
    }
    HttpRequest wire = (HttpRequest) request;
    for (String field : fields) {
      if (wire.containsHeader(field)) {
        return; // the application (or an interceptor of its) propagates for itself
      }
    }
    String[] headers = HttpExchangeBridge.propagationHeaders(exchange);
    if (headers != null) {
      for (int i = 0; i + 1 < headers.length; i += 2) {
        wire.setHeader(headers[i], headers[i + 1]);
      }
    }
  }
}
