package io.inferscope.agent.genai;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The grammar behind {@link Json#parse}: recursive descent over a String, reporting every error as
 * a null result (never an exception), with recursion depth and kept string length capped.
 */
final class JsonParser {
  static final int MAX_DEPTH = 64;
  static final int MAX_STRING_CHARS = 1 << 20;

  private final String in;
  private final int end;
  private int pos;
  private final StringBuilder scratch = new StringBuilder();

  JsonParser(String in) {
    this.in = in;
    this.end = in.length();
  }

  /** The whole input as one value; null when malformed, truncated, too deep or followed by garbage. */
  Object document() {
    skipBom();
    skipWhitespace();
    Object value = value(0);
    if (value == null) {
      return null;
    }
    skipWhitespace();
    return pos == end ? value : null;
  }

  private void skipBom() {
    if (pos < end && in.charAt(pos) == '\uFEFF') {
      pos++;
    }
  }

  private void skipWhitespace() {
    while (pos < end) {
      char c = in.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  /** One value starting at pos (whitespace already skipped); null on error. */
  private Object value(int depth) {
    if (pos >= end) {
      return null;
    }
    char c = in.charAt(pos);
    switch (c) {
      case '{':
        return depth >= MAX_DEPTH ? null : object(depth + 1);
      case '[':
        return depth >= MAX_DEPTH ? null : array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", Json.NULL);
      default:
        return c == '-' || (c >= '0' && c <= '9') ? number() : null;
    }
  }

  private Object literal(String word, Object result) {
    if (in.startsWith(word, pos)) {
      pos += word.length();
      return result;
    }
    return null;
  }

  private Map<String, Object> object(int depth) {
    pos++; // '{'
    Map<String, Object> map = new LinkedHashMap<>();
    skipWhitespace();
    if (pos < end && in.charAt(pos) == '}') {
      pos++;
      return map;
    }
    while (true) {
      if (pos >= end || in.charAt(pos) != '"') {
        return null;
      }
      String key = string();
      if (key == null) {
        return null;
      }
      skipWhitespace();
      if (pos >= end || in.charAt(pos) != ':') {
        return null;
      }
      pos++;
      skipWhitespace();
      Object v = value(depth);
      if (v == null) {
        return null;
      }
      map.put(key, v);
      skipWhitespace();
      if (pos >= end) {
        return null;
      }
      char c = in.charAt(pos++);
      if (c == '}') {
        return map;
      }
      if (c != ',') {
        return null;
      }
      skipWhitespace();
    }
  }

  private List<Object> array(int depth) {
    pos++; // '['
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (pos < end && in.charAt(pos) == ']') {
      pos++;
      return list;
    }
    while (true) {
      Object v = value(depth);
      if (v == null) {
        return null;
      }
      list.add(v);
      skipWhitespace();
      if (pos >= end) {
        return null;
      }
      char c = in.charAt(pos++);
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        return null;
      }
      skipWhitespace();
    }
  }

  private String string() {
    pos++; // opening quote
    StringBuilder sb = scratch;
    sb.setLength(0);
    while (pos < end) {
      char c = in.charAt(pos++);
      if (c == '"') {
        if (sb.length() == MAX_STRING_CHARS && Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
          sb.setLength(sb.length() - 1); // do not keep half of a pair cut by the cap
        }
        return sb.toString();
      }
      if (c < 0x20) {
        return null; // raw control characters are not allowed inside strings
      }
      if (c == '\\') {
        if (pos >= end) {
          return null;
        }
        char e = in.charAt(pos++);
        switch (e) {
          case '"': c = '"'; break;
          case '\\': c = '\\'; break;
          case '/': c = '/'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'n': c = '\n'; break;
          case 'r': c = '\r'; break;
          case 't': c = '\t'; break;
          case 'u':
            int code = hex4();
            if (code < 0) {
              return null;
            }
            // A surrogate pair arrives as two escapes; appending both halves in order rebuilds it.
            c = (char) code;
            break;
          default:
            return null;
        }
      }
      if (sb.length() < MAX_STRING_CHARS) {
        sb.append(c);
      }
    }
    return null; // unterminated
  }

  private int hex4() {
    if (pos + 4 > end) {
      return -1;
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(in.charAt(pos + i), 16);
      if (d < 0) {
        return -1;
      }
      v = (v << 4) | d;
    }
    pos += 4;
    return v;
  }

  private Object number() {
    int start = pos;
    if (in.charAt(pos) == '-') {
      pos++;
    }
    if (pos >= end) {
      return null;
    }
    char c = in.charAt(pos);
    if (c == '0') {
      pos++;
    } else if (c >= '1' && c <= '9') {
      digits();
    } else {
      return null;
    }
    boolean integral = true;
    if (pos < end && in.charAt(pos) == '.') {
      integral = false;
      pos++;
      if (digits() == 0) {
        return null;
      }
    }
    if (pos < end && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')) {
      integral = false;
      pos++;
      if (pos < end && (in.charAt(pos) == '+' || in.charAt(pos) == '-')) {
        pos++;
      }
      if (digits() == 0) {
        return null;
      }
    }
    String text = in.substring(start, pos);
    if (integral && pos - start <= 20) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException tooBig) {
        // falls through to Double
      }
    }
    return Double.parseDouble(text);
  }

  private int digits() {
    int start = pos;
    while (pos < end && in.charAt(pos) >= '0' && in.charAt(pos) <= '9') {
      pos++;
    }
    return pos - start;
  }

}
