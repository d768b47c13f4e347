package io.inferscope.agent.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** Decodes a gzip body the agent buffered, in small pieces, never producing more than a cap (a zip bomb stays small). */
final class Gzip {
  /** Receives decoded bytes. */
  interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  private Gzip() {}

  /**
   * Passes the decoded bytes to {@code sink} as they come.
   *
   * @return false when the input is not valid gzip or decodes to more than {@code maxBytes} (what
   *     was decoded before that point has been passed on)
   */
  static boolean decode(byte[] compressed, int length, int maxBytes, Sink sink) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed, 0, length), 8192)) {
      byte[] chunk = new byte[8192];
      long total = 0;
      int read;
      while ((read = in.read(chunk)) > 0) {
        total += read;
        if (total > maxBytes) {
          return false;
        }
        sink.accept(chunk, 0, read);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
