package io.inferscope.tests.llm.fake;

import java.io.ByteArrayOutputStream;

/**
 * What {@link FakeLlmServer} sent in answer to one request: the status and the body bytes as they
 * left (after chunked encoding is undone, as a client's body reader sees them), recorded before each
 * flush, so that a client that has read some bytes finds them here already. Tests compare it with
 * what the application read, to show that the agent hands the application the bytes unchanged.
 * Thread-safe: the connection's thread writes, the test reads.
 */
public final class SentResponse {
  /** More than any answer of the fake but {@code huge}; past it, only the length is kept. */
  private static final int MAX_RECORDED = 4 * 1024 * 1024;

  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int status;
  private long length;

  SentResponse() {}

  synchronized void status(int status) {
    this.status = status;
  }

  synchronized void body(byte[] bytes, int offset, int count) {
    length += count;
    if (body.size() + (long) count <= MAX_RECORDED) {
      body.write(bytes, offset, count);
    }
  }

  /** The status line's code; 0 while no status line was sent (a stalled answer, for one). */
  public synchronized int status() {
    return status;
  }

  /** The body bytes sent so far. */
  public synchronized byte[] body() {
    if (length != body.size()) {
      throw new IllegalStateException("the body (" + length + " bytes) was too long to record");
    }
    return body.toByteArray();
  }

  @Override
  public synchronized String toString() {
    return status + " (" + length + " bytes sent)";
  }
}
