package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.ByteScan;

/**
 * Incremental newline-delimited JSON framing (Ollama streams) over raw bytes. It keeps no line: each
 * line's bytes are handed on as they pass (a CR before the LF goes with them, which JSON reads as
 * whitespace), and its end is announced. A UTF-8 byte order mark at the very start is skipped.
 * Bounded: past {@code maxLineBytes} the rest of a line is not passed on and the line is counted in
 * {@link #droppedLines()}. Not thread-safe; never throws (a listener's RuntimeException is counted in
 * {@link #listenerFailures()}).
 */
public final class NdjsonParser {
  /** Receives each line as it streams by. */
  public interface Listener {
    void data(byte[] bytes, int offset, int length);

    /** A line with at least one byte ended; {@code dropped}: it exceeded the cap, only a prefix was passed on. */
    void line(boolean dropped);
  }

  private final long maxLineBytes;
  private final Listener listener;
  private long length;
  private boolean oversized;
  private int bomMatched;
  private boolean bomChecked;
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
    int i = offset;
    int end = offset + count;
    while (!bomChecked && i < end) {
      if (bytes[i] == (byte) (bomMatched == 0 ? 0xEF : bomMatched == 1 ? 0xBB : 0xBF)) {
        bomChecked = ++bomMatched == 3;
        i++;
      } else {
        bomChecked = true; // not a mark: a partial one is passed on as the line's first bytes
        pass(new byte[] {(byte) 0xEF, (byte) 0xBB}, 0, bomMatched);
      }
    }
    while (i < end) {
      int start = i;
      i = ByteScan.lineFeed(bytes, i, end);
      pass(bytes, start, i - start);
      if (i < end) {
        endLine();
        i++;
      }
    }
  }

  private void pass(byte[] bytes, int offset, int count) {
    if (count == 0) {
      return;
    }
    if (length + count > maxLineBytes) {
      oversized = true;
    }
    if (!oversized && listener != null) {
      try {
        listener.data(bytes, offset, count);
      } catch (RuntimeException e) {
        listenerFailures++;
      }
    }
    length += count;
  }

  private void endLine() {
    if (length > 0) {
      lines++;
      if (oversized) {
        dropped++;
      }
      if (listener != null) {
        try {
          listener.line(oversized);
        } catch (RuntimeException e) {
          listenerFailures++;
        }
      }
    }
    oversized = false;
    length = 0;
  }

  /**
   * The stream ended. Unlike SSE, a last line without a trailing newline is commonly complete, so it
   * is ended too (the JSON reader then tells whether it was whole); {@link #endedMidLine()} notes it.
   */
  public void finish() {
    if (finished) {
      return;
    }
    endedMidLine = length > 0;
    endLine();
    finished = true;
  }

  /** The stream's last line had no newline (possibly a truncated stream). */
  public boolean endedMidLine() { return endedMidLine; }
  public long droppedLines() { return dropped; }
  /** Lines with at least one byte, dropped ones included. */
  public long lines() { return lines; }
  public long listenerFailures() { return listenerFailures; }
}
