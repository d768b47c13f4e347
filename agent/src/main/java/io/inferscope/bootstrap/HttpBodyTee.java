package io.inferscope.bootstrap;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Stands in for the application's stream when a client copies a response body into it in one call
 * (Apache HttpClient's {@code HttpEntity.writeTo}): each write goes to the application's stream first,
 * unchanged, and is then shown to the exchange. Only the application's own failures reach the caller;
 * the exchange's side never throws (its sink reports its own failures).
 */
public final class HttpBodyTee extends OutputStream {
  private final OutputStream application;
  private final OutputStream exchange;

  private HttpBodyTee(OutputStream application, OutputStream exchange) {
    this.application = application;
    this.exchange = exchange;
  }

  /** The stream to write the body of {@code exchange} into: {@code application} itself when there is nothing to show. */
  public static OutputStream of(Object exchange, OutputStream application) {
    if (application == null || exchange == null) {
      return application;
    }
    OutputStream sink = HttpExchangeBridge.bodyRead(exchange);
    return sink == null ? application : new HttpBodyTee(application, sink);
  }

  @Override
  public void write(int b) throws IOException {
    application.write(b);
    try {
      exchange.write(b);
    } catch (Throwable ignored) {
      // The exchange's sink reports its own failures; the application's write succeeded.
    }
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    application.write(bytes, offset, length);
    try {
      exchange.write(bytes, offset, length);
    } catch (Throwable ignored) {
      // As above.
    }
  }

  @Override
  public void flush() throws IOException {
    application.flush();
  }

  @Override
  public void close() throws IOException {
    application.close();
  }
}
