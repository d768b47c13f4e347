package io.inferscope.agent.instrumentation.http;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.logging.HookErrors;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A request body a client sends in pieces after its exchange started (Reactor Netty sending a
 * {@code Flux}), gathered up to the cap of any kind of exchange and given to the exchange whole when
 * closed (the body was all sent). A body past the cap is not read, as one sent whole would not be;
 * the pieces stop being copied once it is past. Written by one thread at a time (the client's); never
 * throws.
 */
final class RequestBodyPieces extends OutputStream {
  private final HttpExchange exchange;
  private final int cap;
  private byte[] bytes = new byte[0];
  private int length;
  private boolean tooLong;
  private boolean closed;

  RequestBodyPieces(HttpExchange exchange, int cap) {
    this.exchange = exchange;
    this.cap = cap;
  }

  /** Whether further pieces are worth copying: not past the cap, not closed. */
  boolean wanted() {
    return !tooLong && !closed;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] piece, int offset, int count) {
    if (!wanted() || count <= 0) {
      return;
    }
    if (count > cap - length) {
      tooLong = true;
      bytes = null;
      return;
    }
    if (length + count > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.min(cap, Math.max(length + count, bytes.length * 2)));
    }
    System.arraycopy(piece, offset, bytes, length, count);
    length += count;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!tooLong && length > 0) {
        exchange.requestBody(bytes, length);
      }
    } catch (Throwable t) {
      HookErrors.report("http request body", t);
    }
    bytes = null;
  }
}
