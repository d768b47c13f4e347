package io.inferscope.agent.genai;

/**
 * Writes the GenAI semantic-convention content attributes: {@code gen_ai.input.messages} and
 * {@code gen_ai.output.messages} (arrays of {@code {"role","parts",["finish_reason"]}}) and
 * {@code gen_ai.system_instructions} (an array of parts).
 *
 * <p>Only text parts are written. Every text is cut at {@code maxText} UTF-16 chars (one fewer when
 * the cut would split a surrogate pair); nothing is appended to mark the cut, so the content stays
 * exactly a prefix of what was sent.
 */
final class JsonWriter {
  private final StringBuilder out = new StringBuilder(64).append('[');
  private final int maxText;
  private boolean firstItem = true;
  private boolean inMessage;
  private boolean firstPart;

  JsonWriter(int maxText) {
    this.maxText = Math.max(0, maxText);
  }

  JsonWriter beginMessage(String role) {
    if (inMessage) {
      endMessage(null);
    }
    separateItem();
    out.append("{\"role\":");
    quote(out, role == null ? "user" : role);
    out.append(",\"parts\":[");
    inMessage = true;
    firstPart = true;
    return this;
  }

  /** A text part, inside the current message or, outside any message, as a top-level item. */
  JsonWriter textPart(String text) {
    if (text == null) {
      return this;
    }
    if (inMessage) {
      if (!firstPart) {
        out.append(',');
      }
      firstPart = false;
    } else {
      separateItem();
    }
    out.append("{\"type\":\"text\",\"content\":");
    quote(out, truncate(text, maxText));
    out.append('}');
    return this;
  }

  /** Closes the current message; a null finish reason is left out rather than invented. */
  JsonWriter endMessage(String finishReason) {
    if (!inMessage) {
      return this;
    }
    out.append(']');
    if (finishReason != null) {
      out.append(",\"finish_reason\":");
      quote(out, finishReason);
    }
    out.append('}');
    inMessage = false;
    return this;
  }

  boolean isEmpty() {
    return firstItem;
  }

  String toJson() {
    if (inMessage) {
      endMessage(null);
    }
    return out.toString() + ']';
  }

  private void separateItem() {
    if (!firstItem) {
      out.append(',');
    }
    firstItem = false;
  }

  /** Cuts to at most max chars without leaving half of a surrogate pair at the end. */
  static String truncate(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int cut = Math.max(0, max);
    if (cut > 0 && Character.isHighSurrogate(s.charAt(cut - 1))) {
      cut--;
    }
    return s.substring(0, cut);
  }

  /** Appends s as a JSON string literal. Lone surrogates become U+FFFD so the output is valid UTF-8. */
  static void quote(StringBuilder out, String s) {
    out.append('"');
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        case '\b': out.append("\\b"); break;
        case '\f': out.append("\\f"); break;
        default:
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            // Control characters must be escaped; the line separators are escaped for JS consumers.
            out.append("\\u").append(Character.forDigit(c >> 12 & 0xF, 16))
                .append(Character.forDigit(c >> 8 & 0xF, 16))
                .append(Character.forDigit(c >> 4 & 0xF, 16))
                .append(Character.forDigit(c & 0xF, 16));
          } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
