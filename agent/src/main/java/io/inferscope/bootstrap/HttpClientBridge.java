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

  /** {@code sendAsync} returned {@code future}, or threw {@code error}. */
  public static void sent(Object exchange, Object future, Throwable error) {
    HttpClientBridge d = delegate;
    if (d != null && exchange != null) {
      d.onSent(exchange, future, error);
    }
  }

  protected abstract Object onStart(Object request, Object bodyHandler);

  protected abstract Object onBodyHandler(Object exchange);

  protected abstract void onSent(Object exchange, Object future, Throwable error);
}
