package io.inferscope.sample.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Prometheus text exposition format, read into samples: {@code name{label="value",...} number}. */
final class PrometheusText {
  /** One line of the exposition. */
  record Sample(String name, Map<String, String> labels, double value) {
    String label(String key) {
      return labels.getOrDefault(key, "");
    }
  }

  private PrometheusText() {}

  /** Every sample line; comments, blank lines and lines that do not parse are skipped. */
  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Sample sample = sample(line.trim());
      if (sample != null) {
        samples.add(sample);
      }
    }
    return samples;
  }

  /** Samples of one metric name. */
  static List<Sample> named(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).toList();
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    if (space < 0) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    int rest;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      rest = labels(line, brace + 1, labels);
      if (rest < 0) {
        return null;
      }
    } else {
      name = line.substring(0, space);
      rest = space;
    }
    String[] fields = line.substring(rest).trim().split(" "); // value, then an optional timestamp
    try {
      return new Sample(name, labels, Double.parseDouble(fields[0].replace("Inf", "Infinity")));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Reads {@code k="v",...}} from {@code start}; returns the index after the closing brace, -1 if malformed. */
  private static int labels(String line, int start, Map<String, String> into) {
    int i = start;
    while (i < line.length() && line.charAt(i) != '}') {
      int eq = line.indexOf("=\"", i);
      if (eq < 0) {
        return -1;
      }
      String key = line.substring(i, eq);
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < line.length() && line.charAt(j) != '"'; j++) {
        char c = line.charAt(j);
        if (c == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
      }
      into.put(key, value.toString());
      i = j + 1;
      if (i < line.length() && line.charAt(i) == ',') {
        i++;
      }
    }
    return i < line.length() ? i + 1 : -1;
  }
}
