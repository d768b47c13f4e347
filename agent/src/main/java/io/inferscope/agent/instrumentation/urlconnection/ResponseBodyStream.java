package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.logging.HookErrors;
import java.io.IOException;
import java.io.InputStream;

/**
 * The response body stream given to the application in place of the JDK's (from
 * {@code getInputStream} or {@code getErrorStream}): every read is the JDK stream's read, its bytes
 * and exceptions passed on unchanged, and shown to the exchange in place. The end (-1) completes
 * the exchange, a close before it is an early close, a failed read fails it.
 *
 * <p>{@code skip} reads the bytes it skips, so the exchange sees every byte in order; after a
 * {@code reset} to a mark, bytes the exchange already saw are not shown again.
 */
final class ResponseBodyStream extends InputStream {
  private static final int SKIP_BUFFER = 2048;

  private final InputStream in;
  private final ObservedConnection connection;
  private final HttpExchange exchange;
  /** Bytes read so far (back at the mark after a reset), and the most ever shown to the exchange. */
  private long position;
  private long shown;
  private long marked;

  ResponseBodyStream(InputStream in, ObservedConnection connection) {
    this.in = in;
    this.connection = connection;
    this.exchange = connection.exchange();
  }

  boolean readsFrom(InputStream stream) {
    return in == stream;
  }

  @Override
  public int read() throws IOException {
    waiting(true);
    int b;
    try {
      b = in.read();
    } catch (Throwable t) {
      failed(t);
      throw t;
    }
    if (b < 0) {
      ended();
    } else {
      show(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] bytes, int offset, int length) throws IOException {
    waiting(true);
    int n;
    try {
      n = in.read(bytes, offset, length);
    } catch (Throwable t) {
      failed(t);
      throw t;
    }
    if (n < 0) {
      ended();
    } else {
      show(bytes, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    if (n <= 0) {
      return 0;
    }
    byte[] buffer = new byte[(int) Math.min(n, SKIP_BUFFER)];
    long skipped = 0;
    while (skipped < n) {
      int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public boolean markSupported() {
    return in.markSupported();
  }

  @Override
  public synchronized void mark(int readLimit) {
    in.mark(readLimit);
    marked = position;
  }

  @Override
  public synchronized void reset() throws IOException {
    in.reset();
    position = marked;
  }

  @Override
  public void close() throws IOException {
    try {
      connection.closed();
    } catch (Throwable t) {
      HookErrors.report("http-url-connection close", t);
    }
    in.close();
  }

  /** The application is blocked in a read: the stream is alive however slow the server. */
  private void waiting(boolean waiting) {
    try {
      exchange.readerWaiting(waiting);
    } catch (Throwable t) {
      HookErrors.report("http-url-connection read", t);
    }
  }

  /** Shows the bytes read, less any the exchange already saw before a reset. */
  private void show(byte[] bytes, int offset, int n) {
    try {
      long start = position;
      position += n;
      int seen = (int) Math.max(0, Math.min(n, shown - start));
      if (position > shown) {
        shown = position;
      }
      exchange.readerWaiting(false);
      if (n > seen) {
        exchange.responseBytes(bytes, offset + seen, n - seen);
      }
    } catch (Throwable t) {
      HookErrors.report("http-url-connection body", t);
    }
  }

  private void ended() {
    try {
      exchange.readerWaiting(false);
      connection.completed();
    } catch (Throwable t) {
      HookErrors.report("http-url-connection body end", t);
    }
  }

  private void failed(Throwable error) {
    try {
      exchange.readerWaiting(false);
      connection.failed(error);
    } catch (Throwable t) {
      HookErrors.report("http-url-connection body failure", t);
    }
  }
}
