package io.inferscope.bootstrap;

/**
 * An LLM request Reactor Netty is about to connect for (its method, host, port and path, never the
 * query), and the connection {@code Mono} its entry subscribes to: see {@link ReactorNettyBridge}.
 */
public final class ReactorNettyEntry {
  final String method;
  final String host;
  final int port;
  final String path;
  final Object mono;

  ReactorNettyEntry(String method, String host, int port, String path, Object mono) {
    this.method = method;
    this.host = host;
    this.port = port;
    this.path = path;
    this.mono = mono;
  }

  /** Whether the request is one the agent records. */
  public boolean observed() {
    return HttpExchangeBridge.observes(method, host, port, path);
  }
}
