package io.inferscope.agent.instrumentation.http;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.HttpExchangeBridge;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * The one bridge every HTTP client hook whose types the agent cannot see reports through: it turns
 * the plain values the advice passes into {@link HttpExchange}s of whatever kind the request is.
 * Nothing here is specific to a client; each entry point contains its own failures.
 */
public final class HttpExchangeHooks extends HttpExchangeBridge {
  private final HttpExchanges exchanges;

  HttpExchangeHooks(HttpExchanges exchanges) {
    this.exchanges = exchanges;
  }

  /** Installs the bridge (each HTTP client instrumentation asks; the first one installs it). */
  public static synchronized void install(OpenTelemetry openTelemetry, String agentVersion) {
    HttpExchangeBridge.install(new HttpExchangeHooks(HttpExchanges.shared(openTelemetry, agentVersion)));
  }

  @Override
  protected boolean onObserves(String method, String host, int port, String path) {
    return exchanges.observes(method, host, port, path);
  }

  @Override
  protected long onMaxRequestBytes(String method, String host, int port, String path) {
    return exchanges.maxRequestBytes(method, host, port, path);
  }

  @Override
  protected Object onStart(String method, String host, int port, String path, byte[] body) {
    Context current = Context.current();
    Supplier<byte[]> requestBody = () -> body;
    HttpExchange entered = ClientEntry.takeAwaiting(current, method, host, port, path, requestBody);
    return entered != null ? entered : exchanges.start(current, method, host, port, path, requestBody);
  }

  @Override
  protected Object onEnterEntry(String method, String host, int port, String path) {
    try {
      Context current = Context.current();
      ClientEntry outer = ClientEntry.in(current);
      if (outer != null && outer.awaits(method, host, port, path)) {
        return null; // an overload of the entry calling another, for the same request
      }
      HttpExchange exchange = exchanges.start(current, method, host, port, path, () -> null);
      return exchange == null ? null : ClientEntry.enter(current, exchange, method, host, port, path);
    } catch (Throwable t) {
      HookErrors.report("http entry", t);
      return null;
    }
  }

  @Override
  protected Object onStartAttempt(String method, String host, int port, String path, byte[] body) {
    try {
      ClientEntry entry = ClientEntry.in(Context.current());
      if (entry == null) {
        return onStart(method, host, port, path, body);
      }
      Supplier<byte[]> requestBody = () -> body;
      HttpExchange first = entry.takeFor(method, host, port, path, requestBody);
      return first != null ? first : exchanges.start(entry.caller(), method, host, port, path, requestBody);
    } catch (Throwable t) {
      HookErrors.report("http attempt", t);
      return null;
    }
  }

  @Override
  protected void onExitEntry(Object entry, Throwable error) {
    try {
      ((ClientEntry) entry).exit(error);
    } catch (Throwable t) {
      HookErrors.report("http entry", t);
    }
  }

  @Override
  protected void onRequestBody(Object exchange, ByteBuffer view) {
    if (exchange instanceof HttpExchange ours) {
      int length = view.remaining();
      if (length > 0 && length <= exchanges.maxRequestBytes()) {
        byte[] body = new byte[length];
        view.duplicate().get(body);
        ours.requestBody(body, length);
      }
    }
  }

  @Override
  protected OutputStream onRequestBodyStream(Object exchange) {
    return exchange instanceof HttpExchange ours ? new RequestBodyPieces(ours, exchanges.maxRequestBytes()) : null;
  }

  @Override
  protected Object onEnterContext(Object exchange) {
    return exchange instanceof HttpExchange ours ? ours.enter() : null;
  }

  @Override
  protected void onExitContext(Object scope) {
    try {
      ((Scope) scope).close();
    } catch (Throwable t) {
      HookErrors.report("http context", t);
    }
  }

  @Override
  protected Object onCaptureContext() {
    Context current = Context.current();
    return current == Context.root() ? null : current;
  }

  @Override
  protected Object onEnterCaptured(Object context) {
    return context instanceof Context captured ? captured.makeCurrent() : null;
  }

  @Override
  protected void onResponded(Object exchange, int status, String contentType, String contentEncoding) {
    if (exchange instanceof HttpExchange ours) {
      ours.responseStarted(status, contentType, contentEncoding);
    }
  }

  @Override
  protected boolean onHasResponse(Object exchange) {
    return exchange instanceof HttpExchange ours && ours.hasResponse();
  }

  @Override
  protected void onReadStarted(Object exchange) {
    if (exchange instanceof HttpExchange ours) {
      ours.readerWaiting(true);
    }
  }

  @Override
  protected void onReadPaused(Object exchange) {
    if (exchange instanceof HttpExchange ours) {
      ours.readerWaiting(false);
    }
  }

  @Override
  protected String[] onPropagationFields(Object exchange) {
    return exchange instanceof HttpExchange ? exchanges.propagation().fields() : null;
  }

  /** Asked once the advice found none of the fields on the request. */
  @Override
  protected String[] onPropagationHeaders(Object exchange) {
    return exchange instanceof HttpExchange ours ? exchanges.propagation().headers(ours.context()) : null;
  }

  @Override
  protected OutputStream onBodyRead(Object exchange) {
    if (!(exchange instanceof HttpExchange ours)) {
      return null;
    }
    ours.readerWaiting(false);
    return ours.bodyStream();
  }

  @Override
  protected void onBodyBytes(Object exchange, byte[] bytes, int offset, int length) {
    if (exchange instanceof HttpExchange ours) {
      ours.readerWaiting(false);
      ours.responseBytes(bytes, offset, length);
    }
  }

  @Override
  protected void onBodyBuffer(Object exchange, ByteBuffer view) {
    if (exchange instanceof HttpExchange ours) {
      ours.readerWaiting(false);
      ours.responseBytes(view);
    }
  }

  @Override
  protected void onBodyEnded(Object exchange) {
    if (exchange instanceof HttpExchange ours) {
      ours.completed();
    }
  }

  @Override
  protected void onBodyClosed(Object exchange) {
    if (exchange instanceof HttpExchange ours) {
      ours.cancelled();
    }
  }

  @Override
  protected void onFailed(Object exchange, Throwable error) {
    if (exchange instanceof HttpExchange ours) {
      ours.failed(error);
    }
  }
}
