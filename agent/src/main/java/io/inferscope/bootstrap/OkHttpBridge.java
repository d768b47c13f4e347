package io.inferscope.bootstrap;

/**
 * What the OkHttp advice calls. OkHttp's types live in the application's loader, which the agent's
 * loader cannot see: the advice (inlined into OkHttp) reads requests and responses and passes plain
 * values. Per-call state is kept in the field the agent adds to {@code RealCall}. Entry points
 * tolerate the agent not being ready and never throw.
 */
public abstract class OkHttpBridge {
  private static volatile OkHttpBridge delegate;

  public static void install(OkHttpBridge bridge) {
    delegate = bridge;
  }

  /** Whether this request goes to a known LLM endpoint (only then is its body read). */
  public static boolean isLlmRequest(String method, String host, int port, String path, String query) {
    OkHttpBridge d = delegate;
    return d != null && d.onIsLlmRequest(method, host, port, path, query);
  }

  /** The largest request body worth reading. */
  public static long maxRequestBytes() {
    OkHttpBridge d = delegate;
    return d == null ? 0 : d.onMaxRequestBytes();
  }

  /** The call is executed or enqueued; {@code call} is the RealCall whose state field takes the exchange. */
  public static void start(Object call, String method, String host, int port, String path, String query, byte[] body) {
    OkHttpBridge d = delegate;
    if (d != null) {
      d.onStart(call, method, host, port, path, query, body);
    }
  }

  /** Makes the exchange's context current on an async call's thread; returns what to pass to {@link #exitContext}. */
  public static Object enterContext(Object exchange) {
    OkHttpBridge d = delegate;
    return d == null || exchange == null ? null : d.onEnterContext(exchange);
  }

  public static void exitContext(Object scope) {
    OkHttpBridge d = delegate;
    if (d != null && scope != null) {
      d.onExitContext(scope);
    }
  }

  /** @param contentEncoding as received from the network, before OkHttp's transparent gunzip */
  public static void responded(Object exchange, int status, String contentType, String contentEncoding) {
    OkHttpBridge d = delegate;
    if (d != null && exchange != null) {
      d.onResponded(exchange, status, contentType, contentEncoding);
    }
  }

  /**
   * The header names the call's trace propagation may write, or null for a request that is not an
   * LLM call's: a request carrying one of them is written as it is.
   */
  public static String[] propagationFields(Object exchange) {
    OkHttpBridge d = delegate;
    return d == null || exchange == null ? null : d.onPropagationFields(exchange);
  }

  /** The trace headers to add to an LLM call's request, as name, value, name, value...; null or empty for none. */
  public static String[] propagationHeaders(Object exchange) {
    OkHttpBridge d = delegate;
    return d == null || exchange == null ? null : d.onPropagationHeaders(exchange);
  }

  /** The application is waiting in a read of the body: the stream is alive, however slow. */
  public static void readStarted(Object exchange) {
    OkHttpBridge d = delegate;
    if (d != null && exchange != null) {
      d.onReadStarted(exchange);
    }
  }

  /**
   * Bytes were read from the body: returns where to copy them (okio's {@code Buffer.copyTo} writes
   * its segments there, read in place, no copy of ours), or null to skip them.
   */
  public static java.io.OutputStream bodyRead(Object exchange) {
    OkHttpBridge d = delegate;
    return d == null || exchange == null ? null : d.onBodyRead(exchange);
  }

  public static void bodyEnded(Object exchange) {
    OkHttpBridge d = delegate;
    if (d != null && exchange != null) {
      d.onBodyEnded(exchange);
    }
  }

  /** The application closed the body; before its end, that is an early close. */
  public static void bodyClosed(Object exchange) {
    OkHttpBridge d = delegate;
    if (d != null && exchange != null) {
      d.onBodyClosed(exchange);
    }
  }

  public static void failed(Object exchange, Throwable error) {
    OkHttpBridge d = delegate;
    if (d != null && exchange != null) {
      d.onFailed(exchange, error);
    }
  }

  protected abstract boolean onIsLlmRequest(String method, String host, int port, String path, String query);

  protected abstract long onMaxRequestBytes();

  protected abstract void onStart(Object call, String method, String host, int port, String path, String query, byte[] body);

  protected abstract Object onEnterContext(Object exchange);

  protected abstract void onExitContext(Object scope);

  protected abstract void onResponded(Object exchange, int status, String contentType, String contentEncoding);

  protected abstract String[] onPropagationFields(Object exchange);

  protected abstract String[] onPropagationHeaders(Object exchange);

  protected abstract void onReadStarted(Object exchange);

  protected abstract java.io.OutputStream onBodyRead(Object exchange);

  protected abstract void onBodyEnded(Object exchange);

  protected abstract void onBodyClosed(Object exchange);

  protected abstract void onFailed(Object exchange, Throwable error);
}
