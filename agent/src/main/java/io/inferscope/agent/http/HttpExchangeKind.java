package io.inferscope.agent.http;

import io.opentelemetry.context.Context;
import java.util.function.Supplier;

/**
 * One kind of HTTP call the agent observes (LLM calls, remote model inference), registered in
 * {@link HttpExchanges}. A kind recognises its requests from the method and URL alone, so that any
 * other request costs the client one classification and nothing more.
 */
public interface HttpExchangeKind {
  /**
   * Whether this kind observes the request; only then is its body read. Never throws.
   *
   * @param path the raw (encoded) path; the query is never given: it may carry secrets
   */
  boolean observes(String method, String host, int port, String path);

  /** The largest request body this kind reads. */
  int maxRequestBytes();

  /**
   * Starts observing a request {@link #observes} accepted; null to leave it alone after all (e.g.
   * inside another instrumentation's span for the same call).
   *
   * @param requestBody the request body, or null when the client could not give it
   */
  HttpExchange start(Context parent, String method, String host, int port, String path, Supplier<byte[]> requestBody);
}
