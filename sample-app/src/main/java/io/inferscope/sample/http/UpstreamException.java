package io.inferscope.sample.http;

/** A service this application depends on (the LLM endpoint) failed; answered with 502 Bad Gateway. */
public final class UpstreamException extends RuntimeException {
  public UpstreamException(String message, Throwable cause) {
    super(message, cause);
  }
}
