package io.inferscope.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Drains one output stream of a child process on a background thread. Draining is what keeps a
 * chatty child from blocking on a full pipe, and it keeps the whole output for failure messages.
 */
final class OutputCapture {
  private final StringBuilder text = new StringBuilder();
  private final Thread reader;

  OutputCapture(InputStream stream, String threadName) {
    reader = new Thread(() -> drain(stream), threadName);
    reader.setDaemon(true);
    reader.start();
  }

  String text() {
    synchronized (text) {
      return text.toString();
    }
  }

  boolean contains(String expected) {
    synchronized (text) {
      return text.indexOf(expected) >= 0;
    }
  }

  /** True once the stream reached its end, i.e. everything the child wrote is in {@link #text}. */
  boolean finished() {
    return !reader.isAlive();
  }

  /**
   * Waits for the rest of the output after the child exited. Bounded, because a grandchild that
   * inherited the pipe can keep it open after the child is gone.
   */
  void awaitEnd(Duration timeout) throws InterruptedException {
    reader.join(Math.max(1, timeout.toMillis()));
  }

  private void drain(InputStream stream) {
    char[] buffer = new char[8192];
    try (Reader in = new InputStreamReader(stream, StandardCharsets.UTF_8)) {
      int read;
      while ((read = in.read(buffer)) != -1) {
        synchronized (text) {
          text.append(buffer, 0, read);
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the child is killed; say so in the output rather than lose the reason.
      synchronized (text) {
        text.append("\n[output capture ended: ").append(e).append(']');
      }
    }
  }
}
