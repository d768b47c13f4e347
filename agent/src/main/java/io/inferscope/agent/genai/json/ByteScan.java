package io.inferscope.agent.genai.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The two searches every byte of a stream goes through, eight bytes at a time (SWAR: a long is
 * tested for a byte of interest in a few arithmetic operations, exact, no false positives): the end
 * of plain string content, and the end of a line. Streams are mostly long strings and long lines,
 * so this is where the reading thread's time goes. It runs at about 0.14 ns per byte on cache-warm
 * 8 KB pieces, the CPU's throughput for this arithmetic: Unsafe loads without bounds checks, 64-byte
 * blocks and one high-bit mask shared by four words were measured (issue 12) and were no faster;
 * going further needs SIMD (the incubating Vector API), which an agent cannot enable.
 */
public final class ByteScan {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;
  private static final long QUOTES = '"' * ONES;
  private static final long BACKSLASHES = '\\' * ONES;
  private static final long SPACES = 0x20 * ONES;
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
      if ((special((long) LONGS.get(bytes, i)) | special((long) LONGS.get(bytes, i + 8))
          | special((long) LONGS.get(bytes, i + 16)) | special((long) LONGS.get(bytes, i + 24))) != 0) {
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
   * Each test subtracts per byte (a byte equal to the quote becomes 0xFF, one below 0x20 wraps); the
   * one mask shared by the three keeps bytes that wrapped and were below 0x80 in {@code v}: {@code
   * ~(v ^ c)} and {@code ~v} have the same high bit for an ASCII {@code c}. A borrow into a higher byte
   * happens only above a byte that matched already, so the answer (zero or not) is exact.
   */
  private static long special(long v) {
    return (((v ^ QUOTES) - ONES) | ((v ^ BACKSLASHES) - ONES) | (v - SPACES)) & ~v & HIGHS;
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
