package io.inferscope.tests.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;

/**
 * The CPU time per operation that {@link StreamReadBenchmark.CpuTime} counts: per measured iteration
 * of every fork, nanoseconds over answers; a table cell gives the median of those per-iteration
 * figures with their range, and the difference of medians against no agent.
 */
final class CpuPerAnswer {
  static final List<String> COUNTERS = List.of("readingThreadCpuNanos", "processCpuNanos");
  private static final String ANSWERS = "answers";

  private CpuPerAnswer() {}

  /** Whether the no-agent run counted CPU time (only benchmarks with the counters do). */
  static boolean measured(Map<Mode, List<BenchmarkResult>> noAgent) {
    return noAgent != null && !perIteration(noAgent, COUNTERS.get(0)).isEmpty();
  }

  static String cell(Map<Mode, List<BenchmarkResult>> config, Map<Mode, List<BenchmarkResult>> noAgent, String counter,
      boolean added) {
    List<Double> values = perIteration(config, counter);
    if (values.isEmpty()) {
      return "n/a";
    }
    double median = median(values);
    String cell = String.format(Locale.ROOT, "%.1f (%.1f to %.1f)", median, values.get(0), values.get(values.size() - 1));
    if (!added) {
      return cell;
    }
    double base = median(perIteration(noAgent, counter));
    return cell + String.format(Locale.ROOT, ", %+.1f (%+.0f%%)", median - base, 100 * (median - base) / base);
  }

  /** Milliseconds per answer in each measured iteration of each fork, sorted. */
  private static List<Double> perIteration(Map<Mode, List<BenchmarkResult>> byMode, String counter) {
    List<Double> values = new ArrayList<>();
    for (BenchmarkResult fork : byMode.getOrDefault(Mode.AverageTime, List.of())) {
      for (IterationResult iteration : fork.getIterationResults()) {
        Map<String, Result> secondary = iteration.getSecondaryResults();
        Result nanos = secondary.get(counter);
        Result answers = secondary.get(ANSWERS);
        if (nanos != null && answers != null && answers.getScore() > 0) {
          values.add(nanos.getScore() / answers.getScore() / 1e6);
        }
      }
    }
    Collections.sort(values);
    return values;
  }

  private static double median(List<Double> sorted) {
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
