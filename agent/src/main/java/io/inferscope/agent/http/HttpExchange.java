package io.inferscope.agent.http;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One observed HTTP request and its response, as every HTTP client hook reports it, whatever the
 * client and whatever the call is (an LLM call, a remote model inference): the hooks say what the
 * client did; the exchange decides what it means. One hook per client, one exchange per kind of
 * call, and neither knows the other.
 *
 * <p>No method throws: they run on the client's own threads (its selector, its executor, the
 * application's reading thread), where an escaping Error would kill a thread the application
 * depends on. The response's bytes are read in place and never changed.
 */
public interface HttpExchange {
  /** The call's context: the client's own work for it (callbacks, nested calls) should run in it. */
  Context context();

  /** Makes the call's context current, for the application's callbacks. */
  Scope enter();

  /**
   * The request's body, for a client that sends the request's headers before the application writes
   * its body ({@code HttpURLConnection}: the trace headers must go out with the headers, so the
   * exchange starts first): what the body asks for is added to the call now. Only the first one
   * counts, and only for an exchange started without a body.
   *
   * @param body at most the kind's {@link HttpExchangeKind#maxRequestBytes} bytes; read, never kept
   */
  void requestBody(byte[] body, int length);

  /** Status line and headers arrived. {@code contentEncoding} as received, before any transparent decoding. */
  void responseStarted(int statusCode, String contentType, String contentEncoding);

  /** Whether {@link #responseStarted} was reported: a client's body events before it are no answer the application got. */
  boolean hasResponse();

  /** The application's subscriber asked for {@code n} more items (reactive clients). */
  void demanded(long n);

  /** One item of demand was met (one onNext). */
  void delivered();

  /** The application is blocked in a read of the body ({@code true}) or got bytes ({@code false}). */
  void readerWaiting(boolean waiting);

  /** A view of body bytes on their way to the application. */
  void responseBytes(ByteBuffer view);

  /** Body bytes on their way to the application. */
  void responseBytes(byte[] bytes, int offset, int length);

  /** Where a client that copies body bytes out writes them (each write is body bytes); one per exchange. */
  OutputStream bodyStream();

  /** The body was read to its end. */
  void completed();

  /** The request or the body failed. */
  void failed(Throwable error);

  /** The application closed the body (before its end: an early close). */
  void cancelled();
}
