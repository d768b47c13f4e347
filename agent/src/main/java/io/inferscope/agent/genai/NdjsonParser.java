package io.inferscope.agent.genai;

import java.nio.charset.StandardCharsets;

/**
 * Incremental newline-delimited JSON splitter (Ollama streams) over raw bytes. Lines end at LF (a
 * preceding CR is dropped); bytes are decoded only once their line is complete, so pieces may split
 * UTF-8 characters. Blank lines are skipped. Bounded: a line over {@code maxLineBytes} is skipped,
 * not buffered, and counted in {@link #droppedLines()}. Not thread-safe; never throws (a listener's
 * RuntimeException is counted in {@link #listenerFailures()}).
 */
public final class NdjsonParser {
  /** Receives each complete, non-blank line (without its line end). */
  @FunctionalInterface
  public interface Listener {
    void onLine(String line);
  }

  private final int maxLineBytes;
  private final Listener listener;
  private byte[] line = new byte[128];
  private int length;
  private boolean oversized;
  private boolean atStart = true;
  private long lines;
  private long dropped;
  private long listenerFailures;
  private boolean finished;
  private boolean endedMidLine;

  public NdjsonParser(int maxLineBytes, Listener listener) {
    this.maxLineBytes = Math.max(1, maxLineBytes);
    this.listener = listener;
  }

  public void feed(byte[] bytes, int offset, int count) {
    if (finished || bytes == null || offset < 0 || count <= 0 || offset > bytes.length - count) {
      return;
    }
    for (int i = offset; i < offset + count; i++) {
      byte b = bytes[i];
      if (b == '\n') {
        endLine();
      } else if (oversized) {
        continue;
      } else if (length >= maxLineBytes) {
        oversized = true;
        length = 0;
      } else {
        if (length == line.length) {
          byte[] bigger = new byte[(int) Math.min((long) line.length * 2, maxLineBytes)];
          System.arraycopy(line, 0, bigger, 0, length);
          line = bigger;
        }
        line[length++] = b;
      }
    }
  }

  private void endLine() {
    if (oversized) {
      dropped++;
    } else {
      int start = 0;
      if (atStart && length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF) {
        start = 3; // BOM
      }
      int end = length > start && line[length - 1] == '\r' ? length - 1 : length;
      String text = new String(line, start, end - start, StandardCharsets.UTF_8);
      if (!text.isBlank()) {
        lines++;
        deliver(text);
      }
    }
    atStart = false;
    oversized = false;
    length = 0;
  }

  private void deliver(String text) {
    if (listener == null) {
      return;
    }
    try {
      listener.onLine(text);
    } catch (RuntimeException e) {
      listenerFailures++;
    }
  }

  /**
   * The stream ended. Unlike SSE, a last line without a trailing newline is commonly complete, so it
   * is delivered (the JSON parser then tells whether it was whole); {@link #endedMidLine()} notes it.
   */
  public void finish() {
    if (finished) {
      return;
    }
    endedMidLine = length > 0 || oversized;
    if (endedMidLine) {
      endLine();
    }
    finished = true;
    line = new byte[0];
  }

  /** The stream's last line had no newline (possibly a truncated stream). */
  public boolean endedMidLine() { return endedMidLine; }
  public long droppedLines() { return dropped; }
  public long lines() { return lines; }
  public long listenerFailures() { return listenerFailures; }
}
