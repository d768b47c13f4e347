package io.inferscope.tests.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the HTTP client test applications print of what they got, as {@code key=value} lines: a body's
 * length and SHA-256 (so a test compares the bytes an application saw with and without the agent),
 * a stream's line count, and the client jar actually loaded.
 */
final class AppOutput {
  private AppOutput() {}

  static void print(String key, Object value) {
    System.out.println(key + "=" + value);
  }

  /** The jar a class was loaded from, by file name. */
  static String jarOf(Class<?> type) {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
  }

  /** Prints {@code body.length} and {@code body.sha256}. */
  static void body(byte[] bytes) {
    print("body.length", bytes.length);
    print("body.sha256", sha256(bytes));
  }

  /**
   * Reads a body line by line (as an SSE or NDJSON reader does) to its end, or up to
   * {@code data: [DONE]} when {@code stopAtDone}; prints {@code lines} (non-blank ones) and
   * {@code lines.sha256} (of every line read, each followed by a newline). Does not close the stream.
   */
  static void lines(InputStream body, boolean stopAtDone) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    StringBuilder all = new StringBuilder();
    long count = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      all.append(line).append('\n');
      if (!line.isBlank()) {
        count++;
      }
      if (stopAtDone && line.equals("data: [DONE]")) {
        break;
      }
    }
    print("lines", count);
    print("lines.sha256", sha256(all.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads the first line of a body (without closing it); prints {@code first.length}. */
  static void firstLine(InputStream body) throws IOException {
    String first = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8)).readLine();
    print("first.length", first == null ? -1 : first.length());
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
