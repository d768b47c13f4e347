package io.inferscope.agent.http;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.llm.GenAiTelemetry;
import io.inferscope.agent.llm.LlmExchanges;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.ml.remote.ModelServerExchanges;
import io.inferscope.agent.ml.remote.ModelServerSettings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Every kind of HTTP call the agent observes, in one list: each HTTP client hook asks here whether a
 * request is observed and starts its exchange here, so a new kind of call reaches every client at
 * once, and a new client gets every kind. Also the trace headers observed requests carry.
 */
public final class HttpExchanges {
  private static HttpExchanges shared;

  private final List<HttpExchangeKind> kinds;
  private final TracePropagation propagation;

  public HttpExchanges(List<HttpExchangeKind> kinds, TracePropagation propagation) {
    this.kinds = List.copyOf(kinds);
    this.propagation = propagation;
  }

  /**
   * The one instance every HTTP client hook uses, so they share settings and instruments. Remote
   * inference ({@code inferscope.instrumentation.model-server.enabled}) can be switched off on its own.
   */
  public static synchronized HttpExchanges shared(OpenTelemetry openTelemetry, String version) {
    if (shared == null) {
      AgentConfig config = AgentConfig.fromSystem();
      List<HttpExchangeKind> kinds = new ArrayList<>(2);
      kinds.add(new LlmExchanges(GenAiTelemetry.shared(openTelemetry, version)));
      if (config.instrumentationEnabled(ModelServerSettings.NAME, true)) {
        kinds.add(new ModelServerExchanges(openTelemetry, version, ModelServerSettings.from(config)));
      }
      shared = new HttpExchanges(kinds, new TracePropagation(openTelemetry.getPropagators().getTextMapPropagator()));
    }
    return shared;
  }

  /** The kind that observes this request, or null (also on any failure of ours, reported). */
  private HttpExchangeKind kind(String method, String host, int port, String path) {
    try {
      for (HttpExchangeKind kind : kinds) {
        if (kind.observes(method, host, port, path)) {
          return kind;
        }
      }
    } catch (Throwable t) {
      HookErrors.report("http classify", t);
    }
    return null;
  }

  /** Whether some kind observes this request; lets a hook skip reading other requests' bodies. */
  public boolean observes(String method, String host, int port, String path) {
    return kind(method, host, port, path) != null;
  }

  /** The largest request body worth reading for this request (0 when it is not observed). */
  public int maxRequestBytes(String method, String host, int port, String path) {
    HttpExchangeKind kind = kind(method, host, port, path);
    return kind == null ? 0 : kind.maxRequestBytes();
  }

  /**
   * The largest request body any kind reads: for a hook that gets the body only after its exchange
   * started, where the kind is no longer at hand (each kind's exchange keeps to its own cap).
   */
  public int maxRequestBytes() {
    int max = 0;
    for (HttpExchangeKind kind : kinds) {
      max = Math.max(max, kind.maxRequestBytes());
    }
    return max;
  }

  /**
   * Starts the exchange of an observed request, a child of {@code parent}; null for any other
   * request, or when the kind declines it. Never throws.
   */
  public HttpExchange start(
      Context parent, String method, String host, int port, String path, Supplier<byte[]> requestBody) {
    HttpExchangeKind kind = kind(method, host, port, path);
    if (kind == null) {
      return null;
    }
    try {
      return kind.start(parent, method, host, port, path, requestBody);
    } catch (Throwable t) {
      HookErrors.report("http start", t);
      return null;
    }
  }

  /**
   * As {@link #start(Context, String, String, int, String, Supplier)}, for a hook that reads the body
   * itself: {@code readBody} is given the kind's cap (0 when body reading is off), once the request
   * is known to be observed, so the request is classified once.
   */
  public HttpExchange start(
      Context parent, String method, String host, int port, String path, IntFunction<byte[]> readBody) {
    HttpExchangeKind kind = kind(method, host, port, path);
    if (kind == null) {
      return null;
    }
    try {
      return kind.start(parent, method, host, port, path, () -> readBody.apply(kind.maxRequestBytes()));
    } catch (Throwable t) {
      HookErrors.report("http start", t);
      return null;
    }
  }

  /** The trace headers observed requests carry (OTEL_PROPAGATORS). */
  public TracePropagation propagation() {
    return propagation;
  }

  /** The port a URI connects to: its own, else the scheme's default. */
  public static int port(URI uri) {
    if (uri.getPort() > 0) {
      return uri.getPort();
    }
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }
}
