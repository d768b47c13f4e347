package io.inferscope.bootstrap;

/**
 * What the JDK HttpClient advice calls. The bootstrap loader cannot see {@code java.net.http} (it
 * belongs to the platform loader), so requests, handlers and futures pass through as {@code Object};
 * the agent's loader, whose parent is the platform loader, sees their real types. Entry points
 * tolerate the agent not being ready and never throw.
 */
public abstract class HttpClientBridge {
  private static volatile HttpClientBridge delegate;

  public static void install(HttpClientBridge bridge) {
    delegate = bridge;
  }

  /**
   * A request is about to be sent.
   *
   * @return the traced exchange, or null to leave this request alone (not an LLM call, agent not ready)
   */
  public static Object start(Object request, Object bodyHandler) {
    HttpClientBridge d = delegate;
    return d == null ? null : d.onStart(request, bodyHandler);
  }

  /** The body handler to send with instead of the application's: it reports the response to the exchange. */
  public static Object bodyHandler(Object exchange) {
    HttpClientBridge d = delegate;
    return d == null ? null : d.onBodyHandler(exchange);
  }

  /**
   * The request to send instead of the application's: a copy carrying the call's trace headers, or
   * null to send the application's as it is (it propagates for itself, or there is nothing to add).
   */
  public static Object propagated(Object exchange, Object request) {
    HttpClientBridge d = delegate;
    return d == null || exchange == null ? null : d.onPropagated(exchange, request);
  }

  /**
   * Makes the exchange's call current while the application's {@code send} runs, so that spans
   * started inside it (another agent's HTTP client span) are its children; null for no exchange.
   */
  public static Object enterContext(Object exchange) {
    HttpClientBridge d = delegate;
    return d == null || exchange == null ? null : d.onEnterContext(exchange);
  }

  /** {@code send} returned, or threw {@code error} (the exchange then fails, if nothing else ended it). */
  public static void exitContext(Object scope, Throwable error) {
    HttpClientBridge d = delegate;
    if (d != null && scope != null) {
      d.onExitContext(scope, error);
    }
  }

  /** The exchange a body handler of ours reports to: the one the public {@code send} started; else null. */
  public static Object startedBy(Object bodyHandler) {
    HttpClientBridge d = delegate;
    return d == null ? null : d.onStartedBy(bodyHandler);
  }

  /**
   * {@code sendAsync} returned {@code future}, or threw {@code error}.
   *
   * @return the future to return instead (it completes like {@code future}, with the call's context
   *     current for the application's continuations), or null to keep {@code future}
   */
  public static Object sent(Object exchange, Object future, Throwable error) {
    HttpClientBridge d = delegate;
    return d == null || exchange == null ? null : d.onSent(exchange, future, error);
  }

  protected abstract Object onStart(Object request, Object bodyHandler);

  protected abstract Object onBodyHandler(Object exchange);

  protected abstract Object onPropagated(Object exchange, Object request);

  protected abstract Object onSent(Object exchange, Object future, Throwable error);

  protected abstract Object onEnterContext(Object exchange);

  protected abstract void onExitContext(Object scope, Throwable error);

  protected abstract Object onStartedBy(Object bodyHandler);
}
