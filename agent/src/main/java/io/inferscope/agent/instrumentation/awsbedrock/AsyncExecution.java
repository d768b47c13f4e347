package io.inferscope.agent.instrumentation.awsbedrock;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.logging.HookErrors;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One async AWS SDK execution (all its retries) inside an LLM SDK call: the request as the SDK
 * marshalled it, the call's context captured where the SDK method ran, and the current attempt's
 * exchange. Each attempt's response starts an exchange under that context, so retries report to the
 * call's one span whatever thread the SDK's transport answers on. Nothing here throws.
 */
final class AsyncExecution {
  private final HttpExchanges exchanges;
  private final Context parent;
  private final String method;
  private final String host;
  private final int port;
  private final String path;
  private final byte[] body;
  private volatile Attempt attempt;

  AsyncExecution(HttpExchanges exchanges, Context parent, String method, String host, int port, String path, byte[] body) {
    this.exchanges = exchanges;
    this.parent = parent;
    this.method = method;
    this.host = host;
    this.port = port;
    this.path = path;
    this.body = body;
  }

  /** A new attempt's status and headers. */
  void responded(int status, String contentType, String contentEncoding) {
    try {
      Attempt started = start();
      if (started != null) {
        started.exchange.responseStarted(status, contentType, contentEncoding);
      }
    } catch (Throwable t) {
      HookErrors.report("aws sdk response", t);
    }
  }

  /** The attempt's exchange, started under the call's context (where the classification finds the SDK call). */
  private Attempt start() {
    HttpExchange exchange;
    try (Scope ignored = parent.makeCurrent()) {
      exchange = exchanges.start(parent, method, host, port, path, () -> body);
    }
    Attempt started = exchange == null ? null : new Attempt(exchange);
    attempt = started;
    return started;
  }

  Object[] bodyObservers() {
    Attempt current = attempt;
    return current == null ? null : new Object[] {current, (Runnable) current::completed, current, (Runnable) current::cancelled};
  }

  /** The execution failed: the open attempt ends with it, or, when none is open (no response came), one that did. */
  void failed(Throwable error) {
    try {
      Attempt current = attempt;
      if (current == null || current.ended) {
        current = start();
      }
      if (current != null) {
        current.failed(error);
      }
    } catch (Throwable t) {
      HookErrors.report("aws sdk failure", t);
    }
  }

  /** One attempt's body as it flows to the SDK: each buffer is read in place and passed on unchanged. */
  private static final class Attempt implements Function<ByteBuffer, ByteBuffer>, Consumer<Throwable> {
    final HttpExchange exchange;
    volatile boolean ended;

    Attempt(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public ByteBuffer apply(ByteBuffer buffer) {
      try {
        if (buffer != null) {
          exchange.responseBytes(buffer.duplicate());
        }
      } catch (Throwable t) {
        HookErrors.report("aws sdk body", t);
      }
      return buffer;
    }

    void completed() {
      ended = true;
      try {
        exchange.completed();
      } catch (Throwable t) {
        HookErrors.report("aws sdk body end", t);
      }
    }

    void cancelled() {
      ended = true;
      try {
        exchange.cancelled();
      } catch (Throwable t) {
        HookErrors.report("aws sdk body cancel", t);
      }
    }

    @Override
    public void accept(Throwable error) {
      failed(error);
    }

    void failed(Throwable error) {
      ended = true;
      try {
        exchange.failed(error);
      } catch (Throwable t) {
        HookErrors.report("aws sdk body failure", t);
      }
    }
  }
}
