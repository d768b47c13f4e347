package io.inferscope.agent.instrumentation.http;

import io.inferscope.agent.http.HttpExchange;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * An observed request inside a client's public entry ({@code execute}), whose exchange started there,
 * ahead of the attempts the client's exec chain makes further down: current in the context while the
 * entry runs, so that whatever else wraps that entry (the OpenTelemetry Java agent's HTTP span, which
 * takes the context current as it enters) nests under the GenAI span, and the chain's first attempt of
 * the same request takes the exchange instead of starting another. Later attempts (the client's
 * retries and redirects) are exchanges of their own, children of the caller's context, as without an
 * entry.
 */
public final class ClientEntry {
  private static final ContextKey<ClientEntry> KEY = ContextKey.named("inferscope-http-client-entry");

  private final Context caller;
  private final HttpExchange exchange;
  private final String method;
  private final String host;
  private final int port;
  private final String path;
  private final AtomicBoolean taken = new AtomicBoolean();
  private Scope scope;

  private ClientEntry(Context caller, HttpExchange exchange, String method, String host, int port, String path) {
    this.caller = caller;
    this.exchange = exchange;
    this.method = method;
    this.host = host;
    this.port = port;
    this.path = path;
  }

  /** The entry current in {@code context} (its own attempts run there), or null. */
  static ClientEntry in(Context context) {
    return context.get(KEY);
  }

  /** Starts an entry for {@code exchange}, just started as a child of {@code caller}, and makes it current. */
  static ClientEntry enter(Context caller, HttpExchange exchange, String method, String host, int port, String path) {
    ClientEntry entry = new ClientEntry(caller, exchange, method, host, port, path);
    entry.scope = exchange.context().with(KEY, entry).makeCurrent();
    return entry;
  }

  /**
   * The exchange of the entry current in {@code context} if it awaits this request, now taken and given
   * the request's body; else null. For a client whose every send starts an exchange, called inside another
   * client's entry for the same request (the JDK HttpClient under WebClient beside the OpenTelemetry Java
   * agent).
   */
  public static HttpExchange takeAwaiting(
      Context context, String method, String host, int port, String path, Supplier<byte[]> body) {
    ClientEntry entry = in(context);
    return entry == null ? null : entry.takeFor(method, host, port, path, body);
  }

  /** This entry's exchange if it awaits this request (its first attempt), now taken and given the body; else null. */
  HttpExchange takeFor(String method, String host, int port, String path, Supplier<byte[]> body) {
    HttpExchange first = awaits(method, host, port, path) ? take() : null;
    byte[] bytes = first == null ? null : body.get();
    if (bytes != null && bytes.length > 0) {
      first.requestBody(bytes, bytes.length);
    }
    return first;
  }

  /** Whether this entry is for that request and no attempt has taken its exchange yet. */
  boolean awaits(String method, String host, int port, String path) {
    return !taken.get() && this.method.equals(method) && this.host.equalsIgnoreCase(host) && samePort(port)
        && Objects.equals(this.path, path);
  }

  /** The entry's exchange, for the first attempt of its request; null once taken. */
  HttpExchange take() {
    return taken.compareAndSet(false, true) ? exchange : null;
  }

  /** What attempts after the first are children of: the caller's context, as for a request without an entry. */
  Context caller() {
    return caller;
  }

  /** The entry returns or throws: its context leaves, and an exchange no attempt took ends. */
  void exit(Throwable error) {
    scope.close();
    if (taken.compareAndSet(false, true)) {
      if (error != null) {
        exchange.failed(error);
      } else {
        exchange.cancelled();
      }
    }
  }

  /** A port the request did not name (-1) is the scheme's default, which the exec chain's route names. */
  private boolean samePort(int other) {
    return port == other || port < 0 || other < 0;
  }
}
