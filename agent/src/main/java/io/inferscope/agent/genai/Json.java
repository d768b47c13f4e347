package io.inferscope.agent.genai;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A small JSON parser for LLM request and response bodies seen on the wire.
 *
 * <p>It runs inside the application's JVM on bytes we do not control, so it never throws: malformed,
 * truncated or too-deep input gives {@code null}. Values are {@code Map<String,Object>}
 * (LinkedHashMap, last duplicate key wins), {@code List<Object>}, {@code String}, {@code Long} (an
 * integer that fits), {@code Double} (any other number), {@code Boolean} and {@link #NULL} for a
 * JSON {@code null}, so that a literal null is distinguishable from "did not parse".
 *
 * <p>Recursion depth is capped at {@link JsonParser#MAX_DEPTH}, so hostile nesting cannot overflow the stack.
 * Each string keeps at most {@link JsonParser#MAX_STRING_CHARS} characters; the rest is skipped but still
 * validated. The caller bounds the total input size.
 */
public final class Json {
  /** JSON {@code null}. */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private Json() {}

  /** Parses UTF-8 bytes; {@code null} when malformed, truncated, too deep or out of range. */
  public static Object parse(byte[] bytes, int offset, int length) {
    if (bytes == null || offset < 0 || length < 0 || offset > bytes.length - length) {
      return null;
    }
    // Invalid UTF-8 becomes U+FFFD: the structure still parses, only the bad text is replaced.
    return parse(new String(bytes, offset, length, StandardCharsets.UTF_8));
  }

  /** Parses a string; {@code null} when malformed, truncated or too deep. */
  public static Object parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return new JsonParser(text).document();
    } catch (RuntimeException e) {
      // Defensive only: the parser reports errors by returning null, never by throwing.
      return null;
    }
  }

  // ---- Typed path accessors: each step is a String key or an Integer index; any mismatch gives null.

  /** The value at a path, or null when a step is missing or of the wrong kind (JSON null gives null). */
  public static Object at(Object root, Object... path) {
    Object cur = root;
    for (Object step : path) {
      if (step instanceof String && cur instanceof Map) {
        cur = ((Map<?, ?>) cur).get(step);
      } else if (step instanceof Integer && cur instanceof List) {
        List<?> list = (List<?>) cur;
        int i = (Integer) step;
        cur = i >= 0 && i < list.size() ? list.get(i) : null;
      } else {
        return null;
      }
    }
    return cur == NULL ? null : cur;
  }

  public static String string(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof String ? (String) v : null;
  }

  /** A whole number; a Double is accepted only when integral and within long range. */
  public static Long longValue(Object root, Object... path) {
    Object v = at(root, path);
    if (v instanceof Long) {
      return (Long) v;
    }
    if (v instanceof Double) {
      double d = (Double) v;
      if (d == Math.rint(d) && Math.abs(d) < 9.0e18) {
        return (long) d;
      }
    }
    return null;
  }

  public static Double doubleValue(Object root, Object... path) {
    Object v = at(root, path);
    if (v instanceof Double) {
      return (Double) v;
    }
    return v instanceof Long ? Double.valueOf((Long) v) : null;
  }

  public static Boolean bool(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof Boolean ? (Boolean) v : null;
  }

  @SuppressWarnings("unchecked")
  public static List<Object> list(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof List ? (List<Object>) v : null;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> map(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof Map ? (Map<String, Object>) v : null;
  }
}
