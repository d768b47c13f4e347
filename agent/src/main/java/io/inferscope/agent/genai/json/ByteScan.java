package io.inferscope.agent.genai.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two searches every byte of a stream goes through, eight bytes at a time (SWAR: a long is
 * tested for a byte of interest in a few arithmetic operations, exact, no false positives): the end
 * of plain string content, and the end of a line. Streams are mostly long strings and long lines,
 * so this is where the reading thread's time goes. The string search runs at about 0.12 ns per byte
 * on cache-warm pieces, bound by its arithmetic, so what counted was fewer operations per word (seven,
 * from nine: 6.4 to 5.0 ms per 40 MB, issue 12); Unsafe loads without bounds checks and 64-byte
 * blocks were measured and were no faster. Going further needs SIMD (the incubating Vector API),
 * which an agent cannot enable.
 */
public final class ByteScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long TWOS = 0x02 * ONES;
  /** A quote (0x22) XOR 0x02 is a space (0x20), one above the control characters it then joins. */
  private static final long QUOTE_OR_CONTROL_BOUND = 0x21 * ONES;
  private static final long BACKSLASHES = '\\' * ONES;
  private static final long LFS = '\n' * ONES;
  private static final long CRS = '\r' * ONES;

  private ByteScan() {}

  /** The index of the first {@code '"'}, {@code '\\'} or control character in {@code [from, to)}, or {@code to}. */
  public static int stringContentEnd(byte[] bytes, int from, int to) {
    int i = from;
    // Most strings of a small event (member names, ids) are short: their end is in the first word or
    // two, found by the word's lowest flagged byte rather than by a loop over bytes whose exit the CPU
    // cannot predict (the flag of the first match is exact: borrows only run upward from a match).
    if (i + 16 <= to) {
      long first = special((long) LONGS.get(bytes, i));
      if (first != 0) {
        return i + (Long.numberOfTrailingZeros(first) >>> 3);
      }
      long second = special((long) LONGS.get(bytes, i + 8));
      if (second != 0) {
        return i + 8 + (Long.numberOfTrailingZeros(second) >>> 3);
      }
      i += 16;
    }
    // Long strings (streamed content) go 32 bytes per test: one branch, and four independent words
    // the CPU works on at once; the word that holds the end is then found eight bytes at a time.
    for (; i + 32 <= to; i += 32) {
      if (((specialUnmasked((long) LONGS.get(bytes, i)) | specialUnmasked((long) LONGS.get(bytes, i + 8))
          | specialUnmasked((long) LONGS.get(bytes, i + 16)) | specialUnmasked((long) LONGS.get(bytes, i + 24))) & HIGHS) != 0) {
        break;
      }
    }
    for (; i + 8 <= to; i += 8) {
      long found = special((long) LONGS.get(bytes, i));
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (isStringEnd(bytes[i])) {
        return i;
      }
    }
    return to;
  }

  /** Whether {@code [from, to)} is all ASCII, eight bytes per test. */
  public static boolean isAscii(byte[] bytes, int from, int to) {
    int i = from;
    long high = 0;
    for (; i + 8 <= to; i += 8) {
      high |= (long) LONGS.get(bytes, i);
    }
    for (; i < to; i++) {
      high |= bytes[i];
    }
    return (high & HIGHS) == 0;
  }

  /** Copies up to {@code cap} ASCII bytes from {@code [from, to)} into {@code chars} as chars; returns how many. */
  public static int widen(byte[] bytes, int from, int to, char[] chars, int cap) {
    int n = Math.min(cap, to - from);
    for (int k = 0; k < n; k++) {
      chars[k] = (char) bytes[from + k];
    }
    return n;
  }

  private static boolean isStringEnd(byte b) {
    return b == '"' || b == '\\' || (b >= 0 && b < 0x20);
  }

  /** The index of the first CR or LF in {@code [from, to)}, or {@code to}. */
  public static int lineEnd(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 32 <= to; i += 32) {
      if ((lineBreak((long) LONGS.get(bytes, i)) | lineBreak((long) LONGS.get(bytes, i + 8))
          | lineBreak((long) LONGS.get(bytes, i + 16)) | lineBreak((long) LONGS.get(bytes, i + 24))) != 0) {
        break;
      }
    }
    for (; i + 8 <= to; i += 8) {
      long found = lineBreak((long) LONGS.get(bytes, i));
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        return i;
      }
    }
    return to;
  }

  /** The index of the first LF in {@code [from, to)}, or {@code to}. */
  public static int lineFeed(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long found = zeroByte((long) LONGS.get(bytes, i) ^ LFS);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return to;
  }

  /**
   * Non-zero exactly when some byte of {@code v} is a quote, a backslash or a control character.
   * Flipping bit 1 maps the quote to 0x20 and the control characters onto themselves, so one
   * subtraction finds both (a byte below 0x21 wraps); a second finds the backslash (it becomes 0xFF).
   * The mask shared by the two keeps bytes that wrapped and were below 0x80 in {@code v}: XOR with an
   * ASCII constant keeps the high bit. A borrow into a higher byte happens only above a byte that
   * matched already, so the answer (zero or not) is exact and its lowest flag is the first match.
   * Seven operations, two fewer than testing the three kinds apart: this is the long-string loop.
   */
  private static long special(long v) {
    return specialUnmasked(v) & HIGHS;
  }

  /** {@link #special} before keeping only the high bits: four words' are OR-ed first, then masked once. */
  private static long specialUnmasked(long v) {
    return (((v ^ TWOS) - QUOTE_OR_CONTROL_BOUND) | ((v ^ BACKSLASHES) - ONES)) & ~v;
  }

  /** Non-zero exactly when some byte of {@code v} is a CR or an LF (the same shared mask). */
  private static long lineBreak(long v) {
    return (((v ^ LFS) - ONES) | ((v ^ CRS) - ONES)) & ~v & HIGHS;
  }

  /** Non-zero exactly when some byte of {@code v} is zero. */
  private static long zeroByte(long v) {
    return (v - ONES) & ~v & HIGHS;
  }
}
