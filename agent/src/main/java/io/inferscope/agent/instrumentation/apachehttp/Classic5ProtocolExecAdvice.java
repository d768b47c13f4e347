package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import java.io.ByteArrayOutputStream;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;

/**
 * Inlined into HttpClient 5's classic {@code ProtocolExec.execute(request, scope, chain)}, which runs
 * once per attempt (below the client's retry and redirect handling, above connecting, so a refused
 * connection is seen) on the caller's thread. An LLM request starts its exchange here, a child of
 * whatever the caller is doing; its body is read only when the entity can be written again and is
 * small enough. The attempt's exchange is kept on the call's {@code InternalExecRuntime}, where the
 * transport hook finds it to write the trace headers, and handed to the response's entity proxy,
 * whose body stream reports the bytes. The status and headers are those received from the network:
 * the client decompresses above this point, and the hooked stream sees the bytes before that too.
 */
final class Classic5ProtocolExecAdvice {
  private Classic5ProtocolExecAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.Argument(0) Object request, @Advice.Argument(1) Object scope,
      @Advice.Local("exchange") Object exchange, @Advice.Local("context") Object context) throws Exception {
    ClassicHttpRequest http = (ClassicHttpRequest) request;
    ExecChain.Scope chain = (ExecChain.Scope) scope;
    Object runtime = chain.execRuntime;
    HttpHost target = chain.route.getTargetHost();
    String method = http.getMethod();
    String path = http.getPath();
    if (path != null && path.indexOf('?') >= 0) {
      path = path.substring(0, path.indexOf('?')); // the query may carry secrets: never passed on
    }
    if (HttpExchangeBridge.observes(method, target.getHostName(), target.getPort(), path)) {
      byte[] body = null;
      HttpEntity entity = http.getEntity();
      if (entity != null && entity.isRepeatable()) {
        long length = entity.getContentLength();
        if (length > 0 && length <= HttpExchangeBridge.maxRequestBytes(method, target.getHostName(), target.getPort(), path)) {
          ByteArrayOutputStream copy = new ByteArrayOutputStream((int) length);
          entity.writeTo(copy);
          body = copy.toByteArray();
        }
      }
      exchange = HttpExchangeBridge.startAttempt(method, target.getHostName(), target.getPort(), path, body);
    }
    if (runtime instanceof InstrumentedObject) {
      // Also cleared: a redirect to another request on the same runtime must not carry this one's trace headers.
      ((InstrumentedObject) runtime).inferscope$setState(exchange);
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
    ClassicHttpResponse response = (ClassicHttpResponse) returned;
    Header type = response.getFirstHeader("Content-Type");
    Header encoding = response.getFirstHeader("Content-Encoding");
    HttpExchangeBridge.responded(
        exchange, response.getCode(), type == null ? null : type.getValue(), encoding == null ? null : encoding.getValue());
    HttpEntity entity = response.getEntity();
    if (entity instanceof InstrumentedObject) {
      ((InstrumentedObject) entity).inferscope$setState(exchange);
    } else {
      HttpExchangeBridge.bodyEnded(exchange); // no body left to read (none, or an empty one)
    }
  }
}
