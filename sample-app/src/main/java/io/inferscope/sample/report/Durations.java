package io.inferscope.sample.report;

import java.util.Locale;

/** Seconds printed in the unit that reads best: µs, ms or s. */
final class Durations {
  private Durations() {}

  static String format(double seconds) {
    if (Double.isNaN(seconds)) {
      return "-";
    }
    if (seconds < 1e-3) {
      return String.format(Locale.ROOT, "%.0f µs", seconds * 1e6);
    }
    if (seconds < 1) {
      return String.format(Locale.ROOT, seconds < 0.01 ? "%.2f ms" : "%.1f ms", seconds * 1e3);
    }
    return String.format(Locale.ROOT, "%.2f s", seconds);
  }
}
