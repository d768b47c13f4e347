package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import io.inferscope.bootstrap.InstrumentedObjects;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Inlined into HttpClient 5's {@code CloseableHttpAsyncClient.execute(producer, consumer,
 * pushHandlerFactory, context, callback)}, which every other {@code execute} ends in, outside whatever
 * other agents wove into it before: an LLM request's exchange starts here, current while the method
 * runs, so that the OpenTelemetry Java agent's HTTP span, whose parent is what is current when it
 * enters this method, is its child; {@code AsyncProtocolExec}'s first attempt (on this thread) takes
 * it. The request is the one a {@code BasicRequestProducer} ({@code SimpleRequestProducer}) was built
 * with; other producers, and clients without the exec chain ({@code createMinimal()}), have no entry.
 */
final class Async5EntryAdvice {
  private Async5EntryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object client, @Advice.Argument(0) Object producer) {
    if (!(producer instanceof InstrumentedObject)
        || !client.getClass().getName().startsWith("org.apache.hc.client5.http.impl.async.InternalH")) {
      return null;
    }
    Object held = InstrumentedObjects.stateOf(producer);
    HttpRequest request = held instanceof HttpRequest ? (HttpRequest) held : null;
    URIAuthority authority = request == null ? null : request.getAuthority();
    if (authority == null) {
      return null;
    }
    String path = request.getPath();
    if (path != null && path.indexOf('?') >= 0) {
      path = path.substring(0, path.indexOf('?')); // the query may carry secrets: never passed on
    }
    int port = authority.getPort();
    return HttpExchangeBridge.enterEntry(request.getMethod(), authority.getHostName(),
        port >= 0 ? port : "https".equalsIgnoreCase(request.getScheme()) ? 443 : 80, path);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object entry, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitEntry(entry, error);
  }
}
