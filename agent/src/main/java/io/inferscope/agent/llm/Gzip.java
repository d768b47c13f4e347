package io.inferscope.agent.llm;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** Decodes a gzip body the agent buffered, never producing more than a cap (a zip bomb stays small). */
final class Gzip {
  private Gzip() {}

  /** The decoded bytes, or null when the input is not valid gzip or decodes to more than {@code maxBytes}. */
  static byte[] decode(byte[] compressed, int length, int maxBytes) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed, 0, length))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, Math.max(64, length * 4)));
      byte[] chunk = new byte[8192];
      int read;
      while ((read = in.read(chunk)) > 0) {
        if (out.size() + read > maxBytes) {
          return null;
        }
        out.write(chunk, 0, read);
      }
      return out.toByteArray();
    } catch (IOException e) {
      return null;
    }
  }
}
