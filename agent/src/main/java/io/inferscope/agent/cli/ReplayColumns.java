package io.inferscope.agent.cli;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Which CSV column holds what, from the header, and the parsing of one row. */
final class ReplayColumns {
  /** One parsed row: when, which key, how long (seconds), how many items (-1 without a batch column or value). */
  record Row(String timestamp, long epochNanos, String key, double seconds, long batch) {}

  private static final String DEFAULT_KEY = "default";

  private final int timestamp;
  private final int value;
  private final int key;
  private final int batch;
  private final boolean millis;

  private ReplayColumns(int timestamp, int value, int key, int batch, boolean millis) {
    this.timestamp = timestamp;
    this.value = value;
    this.key = key;
    this.batch = batch;
    this.millis = millis;
  }

  /** Whether the file has a batch-size column: calls are then judged for their size. */
  boolean hasBatch() {
    return batch >= 0;
  }

  /** @param unitMillis the --unit option, or null to take the unit from the column name (seconds by default) */
  static ReplayColumns of(String header, Boolean unitMillis) {
    String[] names = header.split(",", -1);
    int timestamp = -1;
    int value = -1;
    int key = -1;
    int batch = -1;
    boolean millis = false;
    for (int i = 0; i < names.length; i++) {
      String name = names[i].trim().toLowerCase(Locale.ROOT).replace("\"", "");
      String base = name.replaceAll("_(ms|s)$", "");
      switch (base) {
        case "timestamp", "time", "ts" -> timestamp = i;
        case "value", "latency", "duration" -> {
          value = i;
          millis = name.endsWith("_ms");
        }
        case "key", "model" -> key = i;
        case "batch", "batch_size", "batchsize", "items" -> batch = i;
        default -> { }
      }
    }
    if (timestamp < 0 || value < 0) {
      throw new IllegalArgumentException("the header needs a timestamp and a latency column, got '" + header + "'");
    }
    return new ReplayColumns(timestamp, value, key, batch, unitMillis != null ? unitMillis : millis);
  }

  Row parse(String line) {
    String[] cells = line.split(",", -1);
    int needed = Math.max(Math.max(timestamp, batch), Math.max(value, key)) + 1;
    if (cells.length < needed) {
      throw new IllegalArgumentException("expected at least " + needed + " columns, got " + cells.length);
    }
    String time = cells[timestamp].trim();
    double latency;
    try {
      latency = Double.parseDouble(cells[value].trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("latency '" + cells[value].trim() + "' is not a number");
    }
    if (!(latency >= 0) || Double.isInfinite(latency)) {
      throw new IllegalArgumentException("latency '" + cells[value].trim() + "' is not a non-negative number");
    }
    String name = key < 0 || cells[key].isBlank() ? DEFAULT_KEY : cells[key].trim();
    return new Row(time, epochNanos(time), name, millis ? latency / 1000 : latency, batch(cells));
  }

  /** A blank cell is an unknown size (that call is judged on its duration alone, as the agent does). */
  private long batch(String[] cells) {
    if (batch < 0 || cells[batch].isBlank()) {
      return -1;
    }
    String cell = cells[batch].trim();
    long items;
    try {
      items = Long.parseLong(cell);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("batch size '" + cell + "' is not a whole number");
    }
    if (items < 1) {
      throw new IllegalArgumentException("batch size '" + cell + "' is not a positive number");
    }
    return items;
  }

  /** Epoch seconds or milliseconds (told apart by size), or an ISO-8601 instant. */
  private static long epochNanos(String time) {
    try {
      double number = Double.parseDouble(time);
      double seconds = number > 1e11 ? number / 1000 : number;
      return Math.round(seconds * 1e9);
    } catch (NumberFormatException notNumeric) {
      try {
        Instant instant = Instant.parse(time);
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("timestamp '" + time + "' is neither epoch seconds/milliseconds nor ISO-8601");
      }
    }
  }
}
