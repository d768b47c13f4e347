package io.inferscope.sample.report;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The trace sections of the report: what Zipkin received, and every span flagged anomalous. */
final class TraceSummary {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  private TraceSummary() {}

  static void printReceived(List<List<ZipkinSpan>> traces, PrintStream out) {
    long spans = traces.stream().mapToLong(List::size).sum();
    out.printf("Traces received by Zipkin: %d traces, %d spans%n", traces.size(), spans);
    // name + library -> {spans, traces, calls they stand for}
    Map<String, double[]> counts = new TreeMap<>();
    for (List<ZipkinSpan> trace : traces) {
      Set<String> seen = new HashSet<>();
      for (ZipkinSpan span : trace) {
        String key = span.name() + "\t" + span.library();
        double[] c = counts.computeIfAbsent(key, k -> new double[3]);
        c[0]++;
        c[1] += seen.add(key) ? 1 : 0;
        c[2] += span.weight();
      }
    }
    TextTable table = new TextTable("span", "library", ">spans", ">traces", ">calls they stand for");
    counts.forEach((key, c) -> {
      String[] parts = key.split("\t");
      table.row(parts[0], parts[1], (long) c[0], (long) c[1], String.format(Locale.ROOT, "~%.0f", c[2]));
    });
    if (table.isEmpty()) {
      out.println("  none yet: traces are exported every OTEL_BSP_SCHEDULE_DELAY ms");
    } else {
      table.print(out, "  ");
      out.println("  (normal calls are exported with the sampler's base probability, flagged ones always;");
      out.println("   the sum of 1/inferscope.sampling.probability over exported spans estimates all calls)");
    }
  }

  /**
   * Flagged spans grouped by span, library and reason; the {@code perGroup} highest-scoring of each,
   * with a link to their trace in the Zipkin UI.
   */
  static void printFlagged(List<List<ZipkinSpan>> flaggedTraces, String zipkinUrl, int perGroup, PrintStream out) {
    Map<String, List<Flagged>> groups = new TreeMap<>();
    flaggedTraces.stream()
        .flatMap(trace -> trace.stream().filter(ZipkinSpan::anomalous).map(span -> new Flagged(span, trace.size())))
        .sorted(Comparator.comparingDouble((Flagged f) -> f.span.tagSeconds("inferscope.anomaly.score")).reversed())
        .forEach(f -> groups.computeIfAbsent(f.span.name() + " [" + f.span.library() + "] "
            + f.span.tag("inferscope.anomaly.reason"), k -> new ArrayList<>()).add(f));
    long total = groups.values().stream().mapToLong(List::size).sum();
    out.printf("Spans flagged inferscope.anomaly=true in Zipkin: %d (score: 1 at the key's p99, flagged from 1.5)%n", total);
    groups.forEach((group, flagged) -> {
      out.printf("  %s: %d%n", group, flagged.size());
      for (Flagged f : flagged.subList(0, Math.min(perGroup, flagged.size()))) {
        ZipkinSpan span = f.span;
        out.printf(Locale.ROOT, "    %s  score %5.2f  %s%n", TIME.format(Instant.ofEpochMilli(span.startMicros() / 1000)),
            span.tagSeconds("inferscope.anomaly.score"), observed(span));
        out.printf("                  %s/zipkin/traces/%s  (%d span%s)%n", zipkinUrl, span.traceId(), f.traceSize,
            f.traceSize == 1 ? "" : "s");
      }
      if (flagged.size() > perGroup) {
        out.printf("    ... and %d more%n", flagged.size() - perGroup);
      }
    });
    if (total > 0) {
      out.printf("  all of them in the Zipkin UI: %s/zipkin/?annotationQuery=%s%n", zipkinUrl,
          ReportSources.encode("inferscope.anomaly=true"));
    }
  }

  /** What was slow, against what was expected, and the detail that explains it. */
  private static String observed(ZipkinSpan s) {
    String reason = String.valueOf(s.tag("inferscope.anomaly.reason"));
    String baseline = Durations.format(s.tagSeconds("inferscope.anomaly.baseline"));
    String what = switch (reason) {
      case "ttft_spike" -> "first chunk after " + Durations.format(s.tagSeconds("gen_ai.response.time_to_first_chunk"))
          + " (median " + baseline + ")";
      case "per_token_slow" -> "took " + Durations.format(s.seconds()) + " (median per token " + baseline + ")";
      case "error" -> "failed: " + s.tag("error.type");
      default -> "took " + Durations.format(s.seconds()) + " (expected " + baseline + ")";
    };
    if (s.tag("ml.batch.size") != null) {
      what += ", batch " + s.tag("ml.batch.size");
    }
    if (s.tag("ml.djl.preprocess.duration") != null) {
      what += ", pre-processing " + Durations.format(s.tagSeconds("ml.djl.preprocess.duration"));
    }
    if (s.tag("gen_ai.usage.output_tokens") != null) {
      what += ", " + s.tag("gen_ai.usage.output_tokens") + " output tokens";
    }
    return what;
  }

  private record Flagged(ZipkinSpan span, int traceSize) {}
}
