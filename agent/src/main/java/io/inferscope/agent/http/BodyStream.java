package io.inferscope.agent.http;

import java.io.OutputStream;

/**
 * Where a client that copies body bytes out (OkHttp's okio) writes them: each write is handed to the
 * exchange, in place, as body bytes. Never throws (the exchange's methods do not).
 */
public final class BodyStream extends OutputStream {
  private final HttpExchange exchange;

  public BodyStream(HttpExchange exchange) {
    this.exchange = exchange;
  }

  @Override
  public void write(int b) {
    exchange.responseBytes(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    exchange.responseBytes(bytes, offset, length);
  }
}
