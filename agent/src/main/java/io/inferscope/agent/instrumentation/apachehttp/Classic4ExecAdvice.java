package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import net.bytebuddy.asm.Advice;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpRequestWrapper;
import org.apache.http.conn.routing.HttpRoute;

/**
 * Inlined into HttpClient 4.5's {@code MainClientExec.execute(route, request, context, execAware)},
 * which runs once per attempt (below the client's retry and redirect handling) on the caller's thread
 * and connects, sends and receives. An LLM request starts its exchange here, a child of whatever the
 * caller is doing; its body is read only when the entity can be written again and is small enough.
 * The trace headers are set on the client's wrapper of the application's request (the application's
 * own request object never changes); a retry reuses that wrapper, so they are set, not only added,
 * and whether the application propagates for itself is judged on its own request. The status and
 * headers are those received from the network (the client decompresses later, in ProtocolExec); the
 * response's entity proxy takes the exchange and its body stream reports the bytes.
 */
final class Classic4ExecAdvice {
  private Classic4ExecAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.Argument(0) Object route, @Advice.Argument(1) Object request,
      @Advice.Local("exchange") Object exchange, @Advice.Local("context") Object context) throws Exception {
    HttpRequestWrapper wrapper = (HttpRequestWrapper) request;
    HttpHost target = ((HttpRoute) route).getTargetHost();
    String method = wrapper.getRequestLine().getMethod();
    URI uri = wrapper.getURI();
    String path = uri == null ? null : uri.getRawPath();
    if (!HttpExchangeBridge.observes(method, target.getHostName(), target.getPort(), path)) {
      return;
    }
    byte[] body = null;
    HttpEntity entity = wrapper instanceof HttpEntityEnclosingRequest ? ((HttpEntityEnclosingRequest) wrapper).getEntity() : null;
    if (entity != null && entity.isRepeatable()) {
      long length = entity.getContentLength();
      if (length > 0 && length <= HttpExchangeBridge.maxRequestBytes(method, target.getHostName(), target.getPort(), path)) {
        ByteArrayOutputStream copy = new ByteArrayOutputStream((int) length);
        entity.writeTo(copy);
        body = copy.toByteArray();
      }
    }
    exchange = HttpExchangeBridge.startAttempt(method, target.getHostName(), target.getPort(), path, body);
    String[] fields = HttpExchangeBridge.propagationFields(exchange);
    if (fields != null) {
      boolean own = false;
      for (String field : fields) {
        own |= wrapper.getOriginal().containsHeader(field);
      }
      String[] headers = own ? null : HttpExchangeBridge.propagationHeaders(exchange);
      if (headers != null) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
          wrapper.setHeader(headers[i], headers[i + 1]);
        }
      }
    }
    context = HttpExchangeBridge.enterContext(exchange);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Local("exchange") Object exchange, @Advice.Local("context") Object context,
      @Advice.Return Object returned, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitContext(context);
    if (exchange == null) {
      return;
    }
    if (error != null) {
      HttpExchangeBridge.failed(exchange, error);
      return;
    }
    HttpResponse response = (HttpResponse) returned;
    Header type = response.getFirstHeader("Content-Type");
    Header encoding = response.getFirstHeader("Content-Encoding");
    HttpExchangeBridge.responded(
        exchange, response.getStatusLine().getStatusCode(), type == null ? null : type.getValue(),
        encoding == null ? null : encoding.getValue());
    HttpEntity entity = response.getEntity();
    if (entity instanceof InstrumentedObject) {
      ((InstrumentedObject) entity).inferscope$setState(exchange);
    } else {
      HttpExchangeBridge.bodyEnded(exchange); // no body left to read (none, or an empty one)
    }
  }
}
