package io.inferscope.tests.support;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Immutable attribute maps for the received-data records. */
final class AttributeMaps {
  private AttributeMaps() {}

  /** Sorted by key so that assertion failures print attributes in a stable, readable order. */
  static Map<String, Object> sortedCopy(Map<String, Object> attributes) {
    return Collections.unmodifiableMap(new TreeMap<>(attributes));
  }

  /**
   * Reads a long attribute, failing loudly when it has another type: a number exported as a
   * string is exactly the kind of bug these tests are meant to catch.
   */
  static Long longValue(Map<String, Object> attributes, String key) {
    Object value = attributes.get(key);
    if (value == null || value instanceof Long) {
      return (Long) value;
    }
    throw new AssertionError("attribute " + key + " is a " + value.getClass().getSimpleName()
        + " (" + value + "), not a Long");
  }

  static String stringValue(Map<String, Object> attributes, String key) {
    Object value = attributes.get(key);
    return value == null ? null : String.valueOf(value);
  }
}
