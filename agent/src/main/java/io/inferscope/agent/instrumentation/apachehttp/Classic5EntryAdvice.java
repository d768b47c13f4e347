package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import net.bytebuddy.asm.Advice;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.net.URIAuthority;

/**
 * Inlined into every {@code execute} overload of HttpClient 5's classic {@code CloseableHttpClient},
 * the client's public entry, outside whatever other agents wove into it before: an LLM request's
 * exchange starts here, current while the call runs, so that the OpenTelemetry Java agent's HTTP span
 * (started in these same methods) is its child; {@code ProtocolExec}'s first attempt takes it. Only
 * for the client {@code HttpClients} builds ({@code InternalHttpClient}, whose exec chain has
 * {@code ProtocolExec}); the target comes from the arguments or the request's own authority.
 */
final class Classic5EntryAdvice {
  private Classic5EntryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object client, @Advice.AllArguments Object[] args) {
    if (!client.getClass().getName().equals("org.apache.hc.client5.http.impl.classic.InternalHttpClient")) {
      return null;
    }
    HttpHost target = null;
    ClassicHttpRequest request = null;
    for (Object arg : args) {
      if (arg instanceof HttpHost) {
        target = (HttpHost) arg;
      } else if (arg instanceof ClassicHttpRequest) {
        request = (ClassicHttpRequest) arg;
      }
    }
    URIAuthority authority = request == null ? null : request.getAuthority();
    if (request == null || (target == null && authority == null)) {
      return null;
    }
    String scheme = target != null ? target.getSchemeName() : request.getScheme();
    int port = target != null ? target.getPort() : authority.getPort();
    String path = request.getPath();
    if (path != null && path.indexOf('?') >= 0) {
      path = path.substring(0, path.indexOf('?')); // the query may carry secrets: never passed on
    }
    return HttpExchangeBridge.enterEntry(request.getMethod(), target != null ? target.getHostName() : authority.getHostName(),
        port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80, path);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object entry, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitEntry(entry, error);
  }
}
