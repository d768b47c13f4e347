package io.inferscope.bootstrap;

/**
 * What the advice of every HTTP client whose types the agent cannot see (OkHttp, Apache HttpClient,
 * ...) calls: the client's types live in the application's loader, so the advice (inlined into the
 * client) reads requests and responses and passes plain values, and keeps the exchange this returns
 * in a field the agent adds to one of the client's objects. Nothing here is specific to a client.
 * Entry points tolerate the agent not being ready and never throw.
 */
public abstract class HttpExchangeBridge {
  private static volatile HttpExchangeBridge delegate;

  public static void install(HttpExchangeBridge bridge) {
    delegate = bridge;
  }

  /**
   * Whether the request is observed (an LLM call, a remote inference): only then is its body read.
   *
   * @param path the encoded path, without the query
   */
  public static boolean observes(String method, String host, int port, String path) {
    HttpExchangeBridge d = delegate;
    return d != null && d.onObserves(method, host, port, path);
  }

  /** The largest request body worth reading for an observed request. */
  public static long maxRequestBytes(String method, String host, int port, String path) {
    HttpExchangeBridge d = delegate;
    return d == null ? 0 : d.onMaxRequestBytes(method, host, port, path);
  }

  /**
   * The request is sent: returns its exchange (to keep with the call and pass to the methods
   * below), or null to leave it alone.
   *
   * @param body the request body, or null when the client cannot give it without consuming it
   */
  public static Object start(String method, String host, int port, String path, byte[] body) {
    HttpExchangeBridge d = delegate;
    return d == null ? null : d.onStart(method, host, port, path, body);
  }

  /** The host an absolute URI ({@code scheme://authority/...}) names, without an IPv6 literal's brackets. */
  public static String hostOf(String absoluteUri) {
    String authority = authorityOf(absoluteUri);
    int colon = authority.lastIndexOf(':');
    String host = colon > authority.lastIndexOf(']') ? authority.substring(0, colon) : authority;
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** The port an absolute URI names, else its scheme's default. */
  public static int portOf(String absoluteUri) {
    String authority = authorityOf(absoluteUri);
    int colon = authority.lastIndexOf(':');
    return colon > authority.lastIndexOf(']')
        ? Integer.parseInt(authority.substring(colon + 1)) : (absoluteUri.startsWith("https") ? 443 : 80);
  }

  private static String authorityOf(String absoluteUri) {
    int from = absoluteUri.indexOf("://");
    from = from < 0 ? 0 : from + 3;
    int to = absoluteUri.indexOf('/', from);
    return absoluteUri.substring(from, to < 0 ? absoluteUri.length() : to);
  }

  /**
   * Entered at a client's public entry ({@code execute}), before any other instrumentation of that
   * entry takes the current context: the OpenTelemetry Java agent starts its HTTP span there, a child
   * of what is current. An observed request's exchange starts here, ahead of its first attempt, and is
   * current until {@link #exitEntry}, so those spans are its children. Returns what {@link #exitEntry}
   * takes, or null (not observed, or an entry nested in the same request's entry).
   */
  public static Object enterEntry(String method, String host, int port, String path) {
    HttpExchangeBridge d = delegate;
    return d == null ? null : d.onEnterEntry(method, host, port, path);
  }

  /**
   * As {@link #start}, for one attempt of a request that may have passed a client's entry: its first
   * attempt is the exchange the entry started (given the body now), later ones (retries, redirects)
   * new exchanges, children of what the caller was doing.
   */
  public static Object startAttempt(String method, String host, int port, String path, byte[] body) {
    HttpExchangeBridge d = delegate;
    return d == null ? null : d.onStartAttempt(method, host, port, path, body);
  }

  /** Leaving the entry: its context is no longer current; an exchange no attempt took ends, failed with {@code error} or cancelled. */
  public static void exitEntry(Object entry, Throwable error) {
    HttpExchangeBridge d = delegate;
    if (d != null && entry != null) {
      d.onExitEntry(entry, error);
    }
  }

  /**
   * The request's body, for a client that writes it only after the exchange started (Reactor Netty:
   * the exchange starts before connecting, so that a refused connection is a failed call, and the
   * application's body comes later): a view of the bytes about to be sent, read in place, its
   * position untouched. A body larger than any kind of exchange reads is skipped.
   */
  public static void requestBody(Object exchange, java.nio.ByteBuffer view) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null && view != null) {
      d.onRequestBody(exchange, view);
    }
  }

  /**
   * The request's body, for a client that sends it after the exchange started as several buffers
   * (Reactor Netty sending a {@code Flux}: Spring's {@code RestClient} on Reactor Netty streams its
   * body): where to copy each piece as it goes out, bounded, read once closed (the body's end). Null for
   * no exchange.
   */
  public static java.io.OutputStream requestBodyStream(Object exchange) {
    HttpExchangeBridge d = delegate;
    return d == null || exchange == null ? null : d.onRequestBodyStream(exchange);
  }

  /** Makes the exchange's context current (an async call's thread, a callback); returns what to pass to {@link #exitContext}. */
  public static Object enterContext(Object exchange) {
    HttpExchangeBridge d = delegate;
    return d == null || exchange == null ? null : d.onEnterContext(exchange);
  }

  /**
   * The caller's context, captured where a client takes a request on the caller's thread and writes
   * it later on its own (an event loop): null when nothing is current. Pass it to {@link #enterCaptured}.
   */
  public static Object captureContext() {
    HttpExchangeBridge d = delegate;
    return d == null ? null : d.onCaptureContext();
  }

  /** Makes a context {@link #captureContext} returned current again; returns what to pass to {@link #exitContext}. */
  public static Object enterCaptured(Object context) {
    HttpExchangeBridge d = delegate;
    return d == null || context == null ? null : d.onEnterCaptured(context);
  }

  public static void exitContext(Object scope) {
    HttpExchangeBridge d = delegate;
    if (d != null && scope != null) {
      d.onExitContext(scope);
    }
  }

  /** @param contentEncoding as received from the network, before any transparent gunzip */
  public static void responded(Object exchange, int status, String contentType, String contentEncoding) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onResponded(exchange, status, contentType, contentEncoding);
    }
  }

  /**
   * The header names the exchange's trace propagation may write, or null for no exchange: a request
   * carrying one of them is sent as it is.
   */
  public static String[] propagationFields(Object exchange) {
    HttpExchangeBridge d = delegate;
    return d == null || exchange == null ? null : d.onPropagationFields(exchange);
  }

  /** The trace headers to add to the exchange's request, as name, value, name, value...; null or empty for none. */
  public static String[] propagationHeaders(Object exchange) {
    HttpExchangeBridge d = delegate;
    return d == null || exchange == null ? null : d.onPropagationHeaders(exchange);
  }

  /** The application is waiting in a read of the body: the stream is alive, however slow. */
  public static void readStarted(Object exchange) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onReadStarted(exchange);
    }
  }

  /**
   * The application stopped asking for the body (a push client's response paused, or its demand met):
   * until it asks again, a silent stream is not being waited on.
   */
  public static void readPaused(Object exchange) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onReadPaused(exchange);
    }
  }

  /**
   * Bytes were read from the body: returns where to copy them (a client's buffer writes its segments
   * there, read in place, no copy of ours), or null to skip them.
   */
  public static java.io.OutputStream bodyRead(Object exchange) {
    HttpExchangeBridge d = delegate;
    return d == null || exchange == null ? null : d.onBodyRead(exchange);
  }

  /** Body bytes on their way to the application, read in place. */
  public static void bodyBytes(Object exchange, byte[] bytes, int offset, int length) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onBodyBytes(exchange, bytes, offset, length);
    }
  }

  /** Body bytes on their way to the application, as a view (read in place, its position untouched). */
  public static void bodyBuffer(Object exchange, java.nio.ByteBuffer view) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onBodyBuffer(exchange, view);
    }
  }

  public static void bodyEnded(Object exchange) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onBodyEnded(exchange);
    }
  }

  /**
   * Whether the exchange's response was reported ({@link #responded}): a client that reports it only
   * once its interceptors are done (OkHttp) sees the bodies of retried attempts before, which the
   * application never got.
   */
  public static boolean hasResponse(Object exchange) {
    HttpExchangeBridge d = delegate;
    return d != null && exchange != null && d.onHasResponse(exchange);
  }

  /** The application closed the body; before its end, that is an early close. */
  public static void bodyClosed(Object exchange) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onBodyClosed(exchange);
    }
  }

  public static void failed(Object exchange, Throwable error) {
    HttpExchangeBridge d = delegate;
    if (d != null && exchange != null) {
      d.onFailed(exchange, error);
    }
  }

  protected abstract boolean onObserves(String method, String host, int port, String path);

  protected abstract long onMaxRequestBytes(String method, String host, int port, String path);

  protected abstract Object onStart(String method, String host, int port, String path, byte[] body);

  protected abstract Object onEnterEntry(String method, String host, int port, String path);

  protected abstract Object onStartAttempt(String method, String host, int port, String path, byte[] body);

  protected abstract void onExitEntry(Object entry, Throwable error);

  protected abstract void onRequestBody(Object exchange, java.nio.ByteBuffer view);

  protected abstract java.io.OutputStream onRequestBodyStream(Object exchange);

  protected abstract Object onEnterContext(Object exchange);

  protected abstract void onExitContext(Object scope);

  protected abstract Object onCaptureContext();

  protected abstract Object onEnterCaptured(Object context);

  protected abstract void onResponded(Object exchange, int status, String contentType, String contentEncoding);

  protected abstract String[] onPropagationFields(Object exchange);

  protected abstract String[] onPropagationHeaders(Object exchange);

  protected abstract void onReadStarted(Object exchange);

  protected abstract void onReadPaused(Object exchange);

  protected abstract java.io.OutputStream onBodyRead(Object exchange);

  protected abstract void onBodyBytes(Object exchange, byte[] bytes, int offset, int length);

  protected abstract void onBodyBuffer(Object exchange, java.nio.ByteBuffer view);

  protected abstract void onBodyEnded(Object exchange);

  protected abstract void onBodyClosed(Object exchange);

  protected abstract boolean onHasResponse(Object exchange);

  protected abstract void onFailed(Object exchange, Throwable error);
}
