package io.inferscope.agent.instrumentation.urlconnection;

import io.inferscope.agent.logging.HookErrors;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The request body stream given to the application in place of the JDK's: every write goes to the
 * JDK's stream first, unchanged, and only what it took is copied (bounded, see
 * {@link ObservedConnection#requestBytes}). Its exceptions reach the application as they are.
 */
final class RequestBodyCopy extends OutputStream {
  private final OutputStream out;
  private final ObservedConnection connection;

  RequestBodyCopy(OutputStream out, ObservedConnection connection) {
    this.out = out;
    this.connection = connection;
  }

  boolean writesTo(OutputStream stream) {
    return out == stream;
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    copy(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    out.write(bytes, offset, length);
    copy(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private void copy(byte[] bytes, int offset, int length) {
    try {
      connection.requestBytes(bytes, offset, length);
    } catch (Throwable t) {
      HookErrors.report("http-url-connection request body", t);
    }
  }
}
