package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.http.TracePropagation;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.bootstrap.UrlConnectionBridge;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/**
 * Turns {@code HttpURLConnection} requests into {@link HttpExchange}s (LLM calls, remote inference).
 * Like the JDK HttpClient's hooks, and unlike those of clients the agent cannot see, these use the
 * connection's public API directly. Other requests cost one classification of the URL at their first
 * call and a lookup in an empty or small map at the others.
 *
 * <p>The exchange starts at the connection's first call, the last moment its request headers can
 * still be set (the JDK refuses {@code setRequestProperty} from then on): so the trace headers point
 * at the call's span in every mode, the default buffered one included, where the request goes out
 * only with {@code getInputStream}. The application writes the body afterwards; the copy kept of it
 * is given to the exchange once the request is complete.
 */
final class UrlConnectionHooks extends UrlConnectionBridge {
  private final HttpExchanges exchanges;
  private final OpenConnections connections;

  UrlConnectionHooks(HttpExchanges exchanges, OpenConnections connections) {
    this.exchanges = exchanges;
    this.connections = connections;
  }

  @Override
  protected Object onOpened(HttpURLConnection connection, boolean writing) {
    try {
      if (connections.get(connection) != null) {
        return null; // the HTTPS delegate's connect, nested in the connection's first call
      }
      String method = connection.getRequestMethod();
      if (writing && "GET".equals(method)) {
        method = "POST"; // what getOutputStream makes of it
      }
      URL url = connection.getURL();
      String host = url.getHost();
      int port = url.getPort() > 0 ? url.getPort() : url.getDefaultPort();
      String path = url.getPath().isEmpty() ? "/" : url.getPath(); // never the query: it may hold keys
      if (!exchanges.observes(method, host, port, path) || !connections.hasRoom()) {
        return null;
      }
      // 0 when the user turned body reading off: the call is still observed, its body not copied.
      int maxBytes = exchanges.maxRequestBytes(method, host, port, path);
      HttpExchange exchange = exchanges.start(Context.current(), method, host, port, path, () -> null);
      if (exchange == null) {
        return null;
      }
      connections.put(connection, new ObservedConnection(exchange, maxBytes, connections));
      propagate(connection, exchange);
      return exchange.enter();
    } catch (Throwable t) {
      HookErrors.report("http-url-connection start", t);
      return null;
    }
  }

  /** The call's trace headers, unless the application (or another agent) set any of them. */
  private void propagate(HttpURLConnection connection, HttpExchange exchange) {
    try {
      TracePropagation propagation = exchanges.propagation();
      if (propagation.carriesAny(name -> connection.getRequestProperty(name) != null)) {
        return;
      }
      String[] headers = propagation.headers(exchange.context());
      for (int i = 0; i + 1 < headers.length; i += 2) {
        connection.setRequestProperty(headers[i], headers[i + 1]);
      }
    } catch (Throwable t) {
      HookErrors.report("http-url-connection propagation", t);
    }
  }

  @Override
  protected Object onReceiving(HttpURLConnection connection, boolean first) {
    Object opened = first ? onOpened(connection, false) : null;
    try {
      ObservedConnection state = connections.get(connection);
      if (state != null) {
        state.receiving();
      }
    } catch (Throwable t) {
      HookErrors.report("http-url-connection receiving", t);
    }
    return opened;
  }

  @Override
  protected void onExit(Object opened) {
    try {
      ((Scope) opened).close();
    } catch (Throwable t) {
      HookErrors.report("http-url-connection context", t);
    }
  }

  @Override
  protected OutputStream onRequestStream(HttpURLConnection connection, OutputStream out) {
    try {
      ObservedConnection state = connections.get(connection);
      return state == null ? out : state.requestStream(out);
    } catch (Throwable t) {
      HookErrors.report("http-url-connection request stream", t);
      return out;
    }
  }

  @Override
  protected InputStream onResponseStream(HttpURLConnection connection, InputStream in, int responseCode) {
    try {
      ObservedConnection state = connections.get(connection);
      if (state == null || !state.received()) {
        return in; // or a call the JDK makes within getInputStream: it ignores what that returns
      }
      if (state.respond()) {
        responded(connection, state, responseCode);
      }
      return state.responseStream(in);
    } catch (Throwable t) {
      HookErrors.report("http-url-connection response", t);
      return in;
    }
  }

  @Override
  protected void onFailed(HttpURLConnection connection, Throwable error, int responseCode) {
    try {
      ObservedConnection state = connections.get(connection);
      if (state == null || !state.received()) {
        return; // or a nested call: the outermost one says how the request went
      }
      if (responseCode >= 400 && state.respond()) {
        // The JDK throws for an error status; the answer arrived, its body is the error stream.
        responded(connection, state, responseCode);
      } else if (!state.responded()) {
        state.failed(error);
      }
      // else: a later call rethrowing what the response already said.
    } catch (Throwable t) {
      HookErrors.report("http-url-connection failure", t);
    }
  }

  /**
   * Status and headers, once. Reading a header calls {@code getInputStream} again (the JDK's way of
   * making sure the response is in), after the outermost call returned: that call finds the response
   * already reported.
   */
  private static void responded(HttpURLConnection connection, ObservedConnection state, int responseCode) {
    state.requestDone();
    // As received: the JDK never decodes a compressed body itself.
    String contentType = connection.getHeaderField("Content-Type");
    String contentEncoding = connection.getHeaderField("Content-Encoding");
    state.exchange().responseStarted(responseCode, contentType, contentEncoding);
  }

  @Override
  protected InputStream onErrorStream(HttpURLConnection connection, InputStream in) {
    try {
      ObservedConnection state = connections.get(connection);
      return state == null || !state.responded() ? in : state.responseStream(in);
    } catch (Throwable t) {
      HookErrors.report("http-url-connection error stream", t);
      return in;
    }
  }

  @Override
  protected void onDisconnected(HttpURLConnection connection) {
    try {
      ObservedConnection state = connections.get(connection);
      if (state != null) {
        state.closed();
      }
    } catch (Throwable t) {
      HookErrors.report("http-url-connection disconnect", t);
    }
  }
}
