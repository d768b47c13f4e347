package io.inferscope.agent.instrumentation.djl;

import java.util.regex.Pattern;

/** Normalises what DJL reports into bounded, low-cardinality attribute values. */
final class DjlNames {
  static final int MAX_LENGTH = 64;
  // user:password@ in URLs and everything after '?' (tokens, signatures, keys) never reach telemetry.
  private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@]*@");

  private DjlNames() {}

  static String modelName(String name) {
    if (name == null || name.isBlank()) {
      return "unknown";
    }
    return name.length() <= MAX_LENGTH ? name : name.substring(0, MAX_LENGTH);
  }

  static String engine(String engine) {
    return engine == null || engine.isBlank() ? "unknown" : engine;
  }

  /** DJL prints devices as {@code cpu()} and {@code gpu(0)}; the convention is {@code cpu}, {@code gpu(0)}. */
  static String device(String device) {
    if (device == null || device.isBlank()) {
      return "unknown";
    }
    return device.endsWith("()") ? device.substring(0, device.length() - 2) : device;
  }

  static String simpleClassName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  static String location(String location) {
    String withoutQuery = location.indexOf('?') < 0 ? location : location.substring(0, location.indexOf('?'));
    return USER_INFO.matcher(withoutQuery).replaceFirst("");
  }
}
