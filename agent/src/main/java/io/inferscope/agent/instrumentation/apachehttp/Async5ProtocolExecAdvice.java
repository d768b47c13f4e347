package io.inferscope.agent.instrumentation.apachehttp;

import io.inferscope.bootstrap.HttpExchangeBridge;
import io.inferscope.bootstrap.InstrumentedObject;
import net.bytebuddy.asm.Advice;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.methods.SimpleBody;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Inlined into HttpClient 5's {@code AsyncProtocolExec.execute(request, producer, scope, chain,
 * callback)}, which runs once per attempt (below the client's retry and redirect handling, above
 * connecting), on the caller's thread for the first attempt. An LLM request starts its exchange here,
 * a child of whatever the caller is doing, kept on the call's async exec runtime, where the transport's
 * hooks find it. The request body is read from a {@code SimpleHttpRequest} (what
 * {@code SimpleRequestProducer} and {@code execute(SimpleHttpRequest, callback)} send), whose bytes are
 * held in memory; other producers' bodies are not read.
 */
final class Async5ProtocolExecAdvice {
  private Async5ProtocolExecAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(
      @Advice.Argument(0) Object request, @Advice.Argument(2) Object scope,
      @Advice.Local("exchange") Object exchange, @Advice.Local("context") Object context) {
    HttpRequest http = (HttpRequest) request;
    AsyncExecChain.Scope chain = (AsyncExecChain.Scope) scope;
    Object runtime = chain.execRuntime;
    HttpHost target = chain.route.getTargetHost();
    String method = http.getMethod();
    String path = http.getPath();
    if (path != null && path.indexOf('?') >= 0) {
      path = path.substring(0, path.indexOf('?')); // the query may carry secrets: never passed on
    }
    if (HttpExchangeBridge.observes(method, target.getHostName(), target.getPort(), path)) {
      byte[] body = null;
      if (chain.originalRequest instanceof SimpleHttpRequest) {
        SimpleBody simple = ((SimpleHttpRequest) chain.originalRequest).getBody();
        long max = simple == null ? 0 : HttpExchangeBridge.maxRequestBytes(method, target.getHostName(), target.getPort(), path);
        String text = simple == null ? null : simple.getBodyText();
        if (simple != null && (text == null || text.length() <= max)) {
          byte[] bytes = simple.getBodyBytes();
          body = bytes != null && bytes.length > 0 && bytes.length <= max ? bytes : null;
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

  /** What the method throws ends the attempt; failures reported later go through the callbacks. */
  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  static void exit(
      @Advice.Local("exchange") Object exchange, @Advice.Local("context") Object context, @Advice.Thrown Throwable error) {
    HttpExchangeBridge.exitContext(context);
    if (exchange != null && error != null) {
      HttpExchangeBridge.failed(exchange, error);
    }
  }
}
