package io.inferscope.agent.cli;

import io.inferscope.agent.anomaly.AnomalyDetector;
import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.anomaly.AnomalySettings;
import io.inferscope.agent.anomaly.KeySnapshot;
import io.inferscope.agent.anomaly.Reason;
import io.inferscope.agent.anomaly.Verdict;
import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.sampling.SamplingSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code replay FILE.csv [options]}: runs a latency series through the same detector and settings
 * the agent uses, so users can tune sensitivity and windows offline on latencies they exported. The
 * series' own timestamps drive the detector's clock (horizons mean what they say). Per-row verdicts
 * go to stdout as CSV; bad rows and the summary to stderr, so stdout stays a clean CSV.
 */
final class ReplayCommand {
  static final String USAGE = """
      usage: replay FILE.csv [--unit s|ms] [--sensitivity X] [--warmup N] [--window N] [--horizon SECONDS]
        FILE.csv: a header, then one call per row: timestamp (epoch seconds or milliseconds, or ISO-8601),
        latency, and optionally a key (model/operation) and a batch size; columns named timestamp|time|ts,
        value|latency|duration (a _ms or _s suffix gives the unit), key|model, batch|batch_size|items.
        Default unit: seconds. With a batch size, a call is judged against the expected latency for its size.""";

  private final PrintStream out;
  private final PrintStream err;

  ReplayCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(String[] args) {
    ReplayOptions options;
    try {
      options = ReplayOptions.parse(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try (BufferedReader reader = Files.newBufferedReader(options.file(), StandardCharsets.UTF_8)) {
      return replay(reader, options);
    } catch (IOException e) {
      err.println("cannot read " + options.file() + ": " + e.getMessage());
      return 2;
    }
  }

  private int replay(BufferedReader reader, ReplayOptions options) throws IOException {
    String header = reader.readLine();
    if (header == null) {
      err.println(options.file() + " is empty: expected a header line");
      return 2;
    }
    ReplayColumns columns;
    try {
      columns = ReplayColumns.of(header, options.unitMillis());
    } catch (IllegalArgumentException e) {
      err.println("line 1: " + e.getMessage());
      return 2;
    }
    long[] clock = {0};
    AnomalyDetector detector = new AnomalyDetector(options.settings(), () -> clock[0]);
    // baseline_s is what was expected: for a call with a batch size, the expected latency for that size.
    out.println("line,timestamp,key,latency_s,flag,reason,score,baseline_s" + (columns.hasBatch() ? ",batch" : ""));
    long rows = 0;
    long flagged = 0;
    long skipped = 0;
    Long firstNanos = null;
    String line;
    int number = 1;
    while ((line = reader.readLine()) != null) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      ReplayColumns.Row row;
      try {
        row = columns.parse(line);
      } catch (IllegalArgumentException e) {
        err.println("line " + number + ": " + e.getMessage() + "; skipped");
        skipped++;
        continue;
      }
      if (firstNanos == null) {
        firstNanos = row.epochNanos();
      }
      clock[0] = Math.max(clock[0], row.epochNanos() - firstNanos);
      Verdict verdict = detector.judge(new AnomalyKey(row.key(), "replay", false), row.seconds(), row.batch(), false);
      rows++;
      if (verdict.anomalous()) {
        flagged++;
      }
      out.println(String.join(",", Integer.toString(number), row.timestamp(), row.key(), number(row.seconds()),
          verdict.anomalous() ? "1" : "0", verdict.anomalous() ? verdict.reason().attributeValue() : "",
          verdict.judged() ? number(verdict.score()) : "", verdict.judged() ? number(verdict.baselineSeconds()) : "")
          + (columns.hasBatch() ? "," + (row.batch() > 0 ? Long.toString(row.batch()) : "") : ""));
    }
    summary(detector, rows, flagged, skipped);
    return 0;
  }

  private void summary(AnomalyDetector detector, long rows, long flagged, long skipped) {
    err.printf(Locale.ROOT, "rows %d, flagged %d (%.3f%%), skipped %d%n", rows, flagged, rows == 0 ? 0.0 : 100.0 * flagged / rows, skipped);
    for (KeySnapshot key : detector.snapshots()) {
      StringBuilder line = new StringBuilder("  ").append(key.key().model()).append(": ").append(key.calls())
          .append(" calls, ").append(key.anomalies()).append(" flagged");
      for (Reason reason : Reason.values()) {
        if (reason != Reason.NONE && key.anomalies(reason) > 0) {
          line.append(", ").append(reason.attributeValue()).append(' ').append(key.anomalies(reason));
        }
      }
      KeySnapshot.BaselineStats baseline = key.duration();
      if (baseline != null && baseline.warm()) {
        line.append(String.format(Locale.ROOT, "; baseline now p50 %s s, p99 %s s, flags above %s s",
            number(baseline.p50()), number(baseline.p99()), number(baseline.threshold())));
        if (key.batchRatio() != null && !Double.isNaN(key.typicalBatch())) {
          line.append(String.format(Locale.ROOT, " for a typical batch of %d (judged for each call's size)",
              (long) key.typicalBatch()));
        }
      }
      err.println(line);
    }
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.6g", value);
  }

  /** The command line of {@code replay}. */
  record ReplayOptions(Path file, Boolean unitMillis, AnomalySettings settings) {
    static ReplayOptions parse(String[] args) {
      if (args.length < 1 || args[0].startsWith("--")) {
        throw new IllegalArgumentException("replay: a CSV file is required");
      }
      Boolean millis = null;
      // The agent's own inferscope.anomaly.* settings, as the JVM running replay has them; options override.
      AnomalySettings settings = SamplingSettings.detector(AgentConfig.fromSystem());
      for (int i = 1; i < args.length; i++) {
        String option = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("replay: " + option + " needs a value");
        }
        String value = args[++i];
        try {
          switch (option) {
            case "--unit" -> millis = unit(value);
            case "--sensitivity" -> settings = settings.withSensitivity(Double.parseDouble(value));
            case "--warmup" -> settings = settings.withWarmUpSamples(Integer.parseInt(value));
            case "--window" -> settings = settings.withWindowObservations(Integer.parseInt(value));
            case "--horizon" -> settings = settings.withHorizon(Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000)));
            default -> throw new IllegalArgumentException("replay: unknown option " + option);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("replay: " + option + " expects a number, got '" + value + "'");
        }
      }
      return new ReplayOptions(Path.of(args[0]), millis, settings);
    }

    private static Boolean unit(String value) {
      return switch (value) {
        case "ms" -> true;
        case "s" -> false;
        default -> throw new IllegalArgumentException("replay: --unit is s or ms, got '" + value + "'");
      };
    }
  }
}
