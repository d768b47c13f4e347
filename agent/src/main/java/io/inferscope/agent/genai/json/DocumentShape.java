package io.inferscope.agent.genai.json;

import java.nio.CharBuffer;
import java.util.Arrays;

/**
 * The shape of the last stream document a {@link JsonScanner} read whole, so that the next one, when
 * it has the same shape, is read by comparison instead of by grammar. A stream's events differ from
 * one another mostly inside a few strings and numbers (the next token, a count): everything else,
 * member names, brackets, literals, whitespace, is the same bytes every time.
 *
 * <p>A shape is the document's bytes outside its variable values (the "frame"), the values' places
 * (strings and whole numbers, as the scanner's fast paths read them), and the calls the scanner made
 * to its sink, in order. A document matches when its bytes outside the values are the frame's, and
 * each value is one the fast path takes: a string with no escape or control character (ASCII if its
 * text is kept), or an integer of at most 18 digits. It is then valid JSON of the same structure, every
 * member name and container in the same place, so the scanner would make the same calls with these
 * values: {@link #replay} makes them. The match is checked whole before any call is made, so a
 * document that does not match leaves no trace; the scanner reads it as usual and records its shape.
 *
 * <p>Bounded: a document with more than {@link #MAX_STEPS} values and calls, or a frame over
 * {@link #MAX_FRAME} bytes, is not recorded. Not thread-safe; owned by one scanner.
 */
final class DocumentShape {
  static final int MAX_STEPS = 64;
  static final int MAX_FRAME = 1024;

  // What a step is: a value in the document's bytes, or a call with no bytes of its own.
  static final int STRING = 1;
  static final int INTEGER = 2;
  static final int BEGIN = 3;
  static final int END = 4;
  static final int NULL = 5;
  static final int DOCUMENT = 6;

  /** A shape that is never known nor recorded: a scanner's until it reads a line. */
  static final DocumentShape NONE = new DocumentShape(null, null);

  /** Per step: its kind (bits 0-3), whether a container is an array (bit 4), its tag plus one (bits 8 up). */
  private final int[] steps = new int[MAX_STEPS];
  /** Per step: a string's cap (chars kept when wanted), a container's index; an END's size. */
  private final long[] firsts = new long[MAX_STEPS];
  private final long[] seconds = new long[MAX_STEPS];
  /** Per value step: where its bytes start and end in the recorded input, then how many frame bytes precede it. */
  private final int[] starts = new int[MAX_STEPS];
  private final int[] ends = new int[MAX_STEPS];
  /** Per value step of the document being matched: a string's length or an integer's value, and where it starts. */
  private final long[] values = new long[MAX_STEPS];
  private final int[] offsets = new int[MAX_STEPS];
  /** The scanner's buffer for kept text, and its view. */
  private final char[] chars;
  private final CharBuffer text;
  private final byte[] frame = new byte[MAX_FRAME];
  private int count;
  private int frameLength;
  /** A shape is recorded and whole. */
  private boolean known;
  private boolean recording;
  private int recordFrom;

  DocumentShape(char[] chars, CharBuffer text) {
    this.chars = chars;
    this.text = text;
  }

  /** A document starts at {@code from} of a piece: its steps are recorded from here, replacing the shape. */
  void startRecording(int from) {
    known = false;
    recording = true;
    recordFrom = from;
    count = 0;
  }

  boolean recording() {
    return recording;
  }

  /** The document took a path no shape describes (an escape, kept text, a fraction, a literal, a piece's end). */
  void stopRecording() {
    recording = false;
  }

  /** A string (with its path's cap) or an integer at {@code [start, end)} of the input. */
  void value(int kind, int tag, int cap, int start, int end) {
    if (add(kind, tag, false, cap, 0)) {
      starts[count - 1] = start;
      ends[count - 1] = end;
    }
  }

  void call(int kind, int tag, boolean array, long first, long second) {
    add(kind, tag, array, first, second);
  }

  private boolean add(int kind, int tag, boolean array, long first, long second) {
    if (!recording) {
      return false;
    }
    if (count == MAX_STEPS) {
      recording = false;
      return false;
    }
    steps[count] = kind | (array ? 16 : 0) | (tag + 1) << 8;
    firsts[count] = first;
    seconds[count] = second;
    count++;
    return true;
  }

  /** The document being recorded ended whole, its last byte before {@code end} of the same piece: it is the shape. */
  void finishRecording(byte[] bytes, int end) {
    if (!recording) {
      return;
    }
    recording = false;
    int at = recordFrom;
    int f = 0;
    for (int s = 0; s < count; s++) {
      if (isValue(steps[s])) {
        int gap = starts[s] - at;
        if (f + gap > MAX_FRAME) {
          return;
        }
        System.arraycopy(bytes, at, frame, f, gap);
        f += gap;
        at = ends[s];
        starts[s] = gap;
      }
    }
    if (f + end - at > MAX_FRAME) {
      return;
    }
    System.arraycopy(bytes, at, frame, f, end - at);
    frameLength = f + end - at;
    known = true;
  }

  /**
   * Reads the document at {@code from} by the shape, if it is there whole inside {@code [from, to)}:
   * the scanner's calls are made and the index after the document returned; otherwise -1, and
   * nothing was done.
   */
  int replay(byte[] bytes, int from, int to, JsonSink sink) {
    if (!known) {
      return -1;
    }
    int end = match(bytes, from, to, sink);
    if (end < 0) {
      return -1;
    }
    for (int s = 0; s < count; s++) {
      int step = steps[s];
      int tag = (step >> 8) - 1;
      boolean array = (step & 16) != 0;
      switch (step & 15) {
        case STRING -> {
          if (tag >= 0 && sink.wants(tag)) {
            int kept = firsts[s] > 0 ? ByteScan.widen(bytes, offsets[s], offsets[s] + (int) values[s], chars, (int) firsts[s]) : 0;
            sink.string(tag, text.clear().limit(kept), values[s]);
          }
        }
        case INTEGER -> {
          if (tag >= 0) {
            sink.integer(tag, values[s]);
          }
        }
        case BEGIN -> sink.begin(tag, array, firsts[s]);
        case END -> sink.end(tag, array, firsts[s], seconds[s]);
        case NULL -> sink.nul(tag);
        default -> sink.document();
      }
    }
    return end;
  }

  private static boolean isValue(int step) {
    int kind = step & 15;
    return kind == STRING || kind == INTEGER;
  }

  /** Where the document ends if it has this shape (its values noted in {@link #values}), else -1. */
  private int match(byte[] bytes, int from, int to, JsonSink sink) {
    int i = from;
    int f = 0;
    for (int s = 0; s < count; s++) {
      int step = steps[s];
      if (!isValue(step)) {
        continue;
      }
      int gap = starts[s];
      if (i + gap > to || !Arrays.equals(bytes, i, i + gap, frame, f, f + gap)) {
        return -1;
      }
      i += gap;
      f += gap;
      if ((step & 15) == STRING) {
        int close = ByteScan.stringContentEnd(bytes, i, to);
        if (close == to || bytes[close] != '"') {
          return -1; // an escape or a control character: the scanner's own path reads it
        }
        int tag = (step >> 8) - 1;
        if (firsts[s] > 0 && sink.wants(tag) && !ByteScan.isAscii(bytes, i, close)) {
          return -1; // its text is kept and is not ASCII: the scanner decodes it
        }
        values[s] = close - i;
        offsets[s] = i;
        i = close;
      } else {
        int after = JsonScanner.plainIntegerEnd(bytes, i, to);
        if (after < 0) {
          return -1;
        }
        values[s] = JsonScanner.digits(bytes, i, after);
        i = after;
      }
    }
    int rest = frameLength - f;
    if (i + rest > to || !Arrays.equals(bytes, i, i + rest, frame, f, frameLength)) {
      return -1;
    }
    return i + rest;
  }
}
