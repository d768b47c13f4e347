package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.methods.HttpUriRequest;

/**
 * Inlined into every {@code execute} overload of HttpClient 4.5's {@code CloseableHttpClient}, the
 * client's public entry, outside whatever other agents wove into it before: an LLM request's exchange
 * starts here, current while the call runs, so that the OpenTelemetry Java agent's HTTP span (started
 * in these same methods) is its child; {@code MainClientExec}'s first attempt takes it. Only for the
 * client {@code HttpClients} builds ({@code InternalHttpClient}, whose exec chain has
 * {@code MainClientExec}); the target comes from the arguments or the request's absolute URI.
 */
final class Classic4EntryAdvice {
  private Classic4EntryAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(@Advice.This Object client, @Advice.AllArguments Object[] args) throws Exception {
    if (!client.getClass().getName().equals("org.apache.http.impl.client.InternalHttpClient")) {
      return null;
    }
    HttpHost target = null;
    HttpRequest request = null;
    for (Object arg : args) {
      if (arg instanceof HttpHost) {
        target = (HttpHost) arg;
      } else if (arg instanceof HttpRequest) {
        request = (HttpRequest) arg;
      }
    }
    if (request == null) {
      return null;
    }
    URI uri = request instanceof HttpUriRequest ? ((HttpUriRequest) request).getURI() : new URI(request.getRequestLine().getUri());
    String host = target != null ? target.getHostName() : uri.getHost();
    if (host == null) {
      return null;
    }
    String scheme = target != null ? target.getSchemeName() : uri.getScheme();
    int port = target != null ? target.getPort() : uri.getPort();
    return HttpExchangeBridge.enterEntry(request.getRequestLine().getMethod(), host,
        port >= 0 ? port : "https".equalsIgnoreCase(scheme) ? 443 : 80, uri.getRawPath());
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(@Advice.Enter Object entry, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitEntry(entry, error);
  }
}
