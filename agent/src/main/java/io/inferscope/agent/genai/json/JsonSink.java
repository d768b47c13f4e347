package io.inferscope.agent.genai.json;

/**
 * Receives the values a {@link JsonScanner} finds at the paths its {@link JsonSchema} names, each
 * with the tag the schema gave that path; everything else in the document is skipped unseen. A
 * string's text is a view of the scanner's buffer, valid only during the call: copy what you keep.
 * Every method has an empty default, so a sink implements only what it uses.
 */
public interface JsonSink {
  /**
   * An object or array starts at a tagged path.
   *
   * @param index its position in the enclosing array, or -1 when it is not an array element
   */
  default void begin(int tag, boolean array, long index) {}

  /** The object or array begun with the same tag ended, holding {@code size} members or elements. */
  default void end(int tag, boolean array, long size, long index) {}

  /**
   * A string value.
   *
   * @param text the first chars, up to the path's cap (empty when the path only counts)
   * @param length its length: 0 only for an empty string; UTF-16 chars when the whole text is
   *     given, otherwise counted in UTF-8 bytes with each escape as one (chars, for ASCII text)
   */
  default void string(int tag, CharSequence text, long length) {}

  /** A number without fraction or exponent that fits a long. */
  default void integer(int tag, long value) {}

  /** Any other number (fraction, exponent, or too large for a long), as a double. */
  default void decimal(int tag, double value) {}

  default void bool(int tag, boolean value) {}

  default void nul(int tag) {}

  /**
   * Whether the sink still needs the string at a tagged path (asked as the string begins); when not,
   * it is skipped like an untagged one, which saves copying a value that is already known.
   */
  default boolean wants(int tag) {
    return true;
  }

  /** A top-level value is complete (well formed); in a sequence, another may follow. */
  default void document() {}
}
