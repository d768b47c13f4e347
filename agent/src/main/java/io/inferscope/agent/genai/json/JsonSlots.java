package io.inferscope.agent.genai.json;

/**
 * A {@link JsonSink} that keeps the last value seen at each tag, for readers that decide what a
 * document means once they have seen all of it (a member that names the document's kind may come
 * after the members it qualifies). Fixed memory: one slot per tag, strings kept up to their path's
 * cap in reused buffers, at most 64 tags (which slots hold a value is one bit each). Objects and
 * arrays at tagged paths are announced to {@link #began} and {@link #ended}, where readers stage
 * per-element facts.
 */
public abstract class JsonSlots implements JsonSink {
  private static final byte ABSENT = 0;
  private static final byte STRING = 1;
  private static final byte INTEGER = 2;
  private static final byte DECIMAL = 3;
  private static final byte BOOL = 4;
  private static final byte NULL = 5;
  private static final byte OBJECT = 6;
  private static final byte ARRAY = 7;

  static final int MAX_TAGS = 64;

  private final byte[] kinds;
  /**
   * Bit {@code tag} is set while the slot holds a value of this document: forgetting them all is one
   * store, and a reader asks whether any of a group of paths was given with one mask test.
   */
  private long written;
  private final StringBuilder[] strings;
  /** An integer's value, a string's length, a container's size, a boolean as 0 or 1. */
  private final long[] numbers;
  private final double[] decimals;

  /** @param tags one more than the largest tag the reader's schema uses */
  protected JsonSlots(int tags) {
    if (tags > MAX_TAGS) {
      throw new IllegalArgumentException(tags + " tags: at most " + MAX_TAGS);
    }
    kinds = new byte[tags];
    strings = new StringBuilder[tags];
    numbers = new long[tags];
    decimals = new double[tags];
  }

  /** An object or array at a tagged path begins ({@code index}: its array position, or -1). */
  protected void began(int tag, long index) {}

  /** ... and ends, holding {@code size} members or elements. */
  protected void ended(int tag, long index, long size) {}

  // ---- JsonSink: every value lands in its tag's slot.

  @Override
  public final void begin(int tag, boolean array, long index) {
    set(tag, array ? ARRAY : OBJECT);
    began(tag, index);
  }

  @Override
  public final void end(int tag, boolean array, long size, long index) {
    numbers[tag] = size;
    ended(tag, index, size);
  }

  @Override
  public void string(int tag, CharSequence text, long length) {
    set(tag, STRING);
    StringBuilder sb = strings[tag];
    if (sb == null) {
      sb = strings[tag] = new StringBuilder(Math.min(text.length() + 16, 256));
    }
    sb.setLength(0);
    if (text.length() > 0) {
      sb.append(text);
    }
    numbers[tag] = length;
  }

  @Override
  public final void integer(int tag, long value) {
    set(tag, INTEGER);
    numbers[tag] = value;
  }

  @Override
  public final void decimal(int tag, double value) {
    set(tag, DECIMAL);
    decimals[tag] = value;
  }

  @Override
  public final void bool(int tag, boolean value) {
    set(tag, BOOL);
    numbers[tag] = value ? 1 : 0;
  }

  @Override
  public final void nul(int tag) {
    set(tag, NULL);
  }

  // ---- What readers ask of the slots.

  private void set(int tag, byte kind) {
    kinds[tag] = kind;
    written |= 1L << tag;
  }

  /** The kind of value in the slot; ABSENT unless written since the last {@link #clearAll}. */
  private byte kind(int tag) {
    return (written & 1L << tag) != 0 ? kinds[tag] : ABSENT;
  }

  protected final void clearAll() {
    written = 0;
  }

  protected final void clear(int fromTag, int toTag) {
    written &= ~range(fromTag, toTag);
  }

  /** Whether any slot from {@code fromTag} to {@code toTag} holds a value (JSON null included). */
  public final boolean anyWritten(int fromTag, int toTag) {
    return (written & range(fromTag, toTag)) != 0;
  }

  private static long range(int fromTag, int toTag) {
    return (-1L >>> (63 - toTag)) & (-1L << fromTag);
  }

  /** Whether the path held a value other than JSON null. */
  protected final boolean present(int tag) {
    return kind(tag) != ABSENT && kind(tag) != NULL;
  }

  protected final boolean isObject(int tag) {
    return kind(tag) == OBJECT;
  }

  protected final boolean isArray(int tag) {
    return kind(tag) == ARRAY;
  }

  /** The string at the path (its first chars, up to the path's cap), or null when it held no string. */
  protected final CharSequence text(int tag) {
    return kind(tag) == STRING ? strings[tag] : null;
  }

  /** The string as a String (allocates: for values that are kept). */
  protected final String string(int tag) {
    return kind(tag) == STRING ? strings[tag].toString() : null;
  }

  protected final boolean is(int tag, String value) {
    return kind(tag) == STRING && value.contentEquals(strings[tag]);
  }

  /** A non-empty string. */
  protected final boolean nonEmpty(int tag) {
    return kind(tag) == STRING && numbers[tag] > 0;
  }

  /** A string's length (UTF-8 bytes when not kept whole) or a container's size; -1 for anything else. */
  protected final long length(int tag) {
    byte kind = kind(tag);
    return kind == STRING || kind == OBJECT || kind == ARRAY ? numbers[tag] : -1;
  }

  protected final Boolean bool(int tag) {
    return kind(tag) == BOOL ? numbers[tag] == 1 : null;
  }

  /** Any number, as a double; null for anything else. */
  protected final Double number(int tag) {
    if (kind(tag) == DECIMAL) {
      return decimals[tag];
    }
    return kind(tag) == INTEGER ? Double.valueOf(numbers[tag]) : null;
  }

  /** A number was given at the path (whole or not). */
  protected final boolean anyNumber(int tag) {
    return kind(tag) == INTEGER || kind(tag) == DECIMAL;
  }

  /** A whole number (an integral decimal within long range counts), or null. */
  protected final Long whole(int tag) {
    byte kind = kind(tag);
    return kind == INTEGER || (kind == DECIMAL && integral(decimals[tag])) ? Long.valueOf(whole(tag, 0)) : null;
  }

  /** A whole number as {@link #whole(int)} reads it, else {@code otherwise}: no boxing, for per-event paths. */
  protected final long whole(int tag, long otherwise) {
    byte kind = kind(tag);
    if (kind == INTEGER) {
      return numbers[tag];
    }
    return kind == DECIMAL && integral(decimals[tag]) ? (long) decimals[tag] : otherwise;
  }

  private static boolean integral(double d) {
    return d == Math.rint(d) && Math.abs(d) < 9.0e18;
  }

  /** The string or whole number at the path, as text (an error code may be either); null otherwise. */
  protected final String stringOrWhole(int tag) {
    return kind(tag) == INTEGER ? Long.toString(numbers[tag]) : string(tag);
  }
}
