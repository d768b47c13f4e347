package io.inferscope.bootstrap;

/**
 * What the Reactor Netty advice calls. An LLM request's exchange starts when the application subscribes
 * to the client's connection {@code Mono}, outside whatever other agents put around it (the
 * OpenTelemetry Java agent takes the context current at that subscription as its HTTP span's parent),
 * and is current while that subscription runs: the client asks for the first attempt's address inside
 * it, and that attempt takes the exchange (see {@link HttpExchangeBridge#enterEntry}). Entry points
 * tolerate the agent not being ready and never throw.
 */
public abstract class ReactorNettyBridge {
  private static volatile ReactorNettyBridge delegate;

  public static void install(ReactorNettyBridge bridge) {
    delegate = bridge;
  }

  /**
   * The connection {@code Mono} {@code HttpClientConnect.connect()} returns for {@code config}: the one to
   * return instead (subscribing to it enters the request's exchange first), or {@code mono} itself.
   */
  public static Object connect(Object config, Object mono) {
    ReactorNettyBridge d = delegate;
    if (d == null || config == null || mono == null) {
      return mono;
    }
    try {
      Object replaced = d.onConnect(config, mono);
      return replaced == null ? mono : replaced;
    } catch (Throwable t) {
      AdviceErrors.report(t);
      return mono;
    }
  }

  /** The connection {@code Mono} an entry made by {@link #connect} subscribes to. */
  public static Object inner(Object entry) {
    return entry instanceof ReactorNettyEntry ? ((ReactorNettyEntry) entry).mono : null;
  }

  /** The entry's subscription starts: what {@link #exit} takes, or null. */
  public static Object enter(Object entry) {
    if (!(entry instanceof ReactorNettyEntry)) {
      return null;
    }
    ReactorNettyEntry e = (ReactorNettyEntry) entry;
    return HttpExchangeBridge.enterEntry(e.method, e.host, e.port, e.path);
  }

  /**
   * The OpenTelemetry Java agent's WebClient filter is subscribed for {@code request} (Spring's
   * {@code ClientRequest}), {@code next} being what it calls: for an LLM request sent through a connector
   * whose hooks take the exchange further down, its exchange is entered, and what {@link #exit} takes is
   * returned; else null.
   */
  public static Object enterWebClient(Object request, Object next) {
    ReactorNettyBridge d = delegate;
    if (d == null || request == null || next == null) {
      return null;
    }
    try {
      ReactorNettyEntry at = d.onWebClientRequest(request, next);
      return at == null || !at.observed() ? null : HttpExchangeBridge.enterEntry(at.method, at.host, at.port, at.path);
    } catch (Throwable t) {
      AdviceErrors.report(t);
      return null;
    }
  }

  /** The entry's subscription returned: its context leaves; an exchange no attempt took ends cancelled. */
  public static void exit(Object entered) {
    HttpExchangeBridge.exitEntry(entered, null);
  }

  /**
   * An attempt asks for its address: its exchange (the entry's for the first attempt of an entered
   * request, else a new one when the request is observed), or null.
   *
   * @param method the handler's {@code HttpMethod}
   * @param target the handler's URI as Reactor Netty prints it
   */
  public static Object startAttempt(Object method, Object target) {
    ReactorNettyEntry at = target(method, target, null);
    return at == null || !at.observed() ? null : HttpExchangeBridge.startAttempt(at.method, at.host, at.port, at.path, null);
  }

  /**
   * The method, host, port and path (never the query) of a handler's target, or null when it is not
   * an HTTP URL (a Unix domain socket, a WebSocket). One parse for the connection's entry and its
   * attempts, so that the first attempt recognises the entry's request.
   */
  protected static ReactorNettyEntry target(Object method, Object target, Object mono) {
    String url = String.valueOf(target);
    if (method == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      return null;
    }
    java.net.URI uri;
    try {
      uri = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String host = uri.getHost();
    if (host == null) {
      return null;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1); // as the other clients give an IPv6 literal
    }
    int port = uri.getPort() > 0 ? uri.getPort() : url.startsWith("https") ? 443 : 80;
    return new ReactorNettyEntry(method.toString(), host, port, uri.getRawPath(), mono);
  }

  protected abstract Object onConnect(Object config, Object mono);

  /**
   * The method and URL of a Spring {@code ClientRequest}, as {@link #target} reads them, when {@code next}
   * sends it through a connector whose hooks join its entry; null otherwise, or if unreadable.
   */
  protected abstract ReactorNettyEntry onWebClientRequest(Object request, Object next);
}
