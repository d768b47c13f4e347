package io.inferscope.tests.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The report of one {@link BenchmarkMain} suite: per benchmark method, a table with a row per
 * configuration (mean ± error, percentiles, what the agent adds), in the unit the benchmark
 * reports in. A suite of several methods gets one table each, under the method's name.
 */
final class BenchmarkTable {
  private static final double[] PERCENTILES = {50, 90, 99};

  private final List<RunConfiguration> configurations;
  /** Benchmark method, configuration, mode: the forks' results. */
  private final Map<String, Map<RunConfiguration, Map<Mode, List<BenchmarkResult>>>> results = new TreeMap<>();

  BenchmarkTable(List<RunConfiguration> configurations) {
    this.configurations = configurations;
  }

  /** Adds what one fork of {@code config} measured. */
  void add(RunConfiguration config, Collection<RunResult> runs) {
    for (RunResult run : runs) {
      results.computeIfAbsent(name(run), b -> new EnumMap<>(RunConfiguration.class))
          .computeIfAbsent(config, c -> new EnumMap<>(Mode.class))
          .computeIfAbsent(run.getParams().getMode(), m -> new ArrayList<>())
          .addAll(run.getBenchmarkResults());
    }
  }

  /** The benchmark method, with its parameters when it has any (one table per combination). */
  private static String name(RunResult run) {
    StringBuilder name = new StringBuilder(run.getParams().getBenchmark());
    List<String> params = new ArrayList<>();
    for (String key : run.getParams().getParamsKeys()) {
      params.add(key + "=" + run.getParams().getParam(key));
    }
    return params.isEmpty() ? name.toString() : name.append(", ").append(String.join(", ", params)).toString();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Map<RunConfiguration, Map<Mode, List<BenchmarkResult>>>> method : results.entrySet()) {
      if (results.size() > 1) {
        String name = method.getKey();
        out.append("`").append(name.substring(name.lastIndexOf('.') + 1)).append("`:\n\n");
      }
      out.append(table(method.getValue()));
      if (results.size() > 1) {
        out.append('\n');
      }
    }
    return out.toString();
  }

  private String table(Map<RunConfiguration, Map<Mode, List<BenchmarkResult>>> byConfig) {
    Result baseline = merged(byConfig.get(RunConfiguration.NO_AGENT), Mode.AverageTime);
    Unit unit = Unit.of(baseline);
    boolean djlShare = configurations.stream().anyMatch(c -> c.withDjl != null);
    List<String> header = new ArrayList<>(List.of("configuration", "mean " + unit.label + "/op",
        "p50 " + unit.label, "p90 " + unit.label, "p99 " + unit.label, "added vs no agent (mean)"));
    if (djlShare) {
      header.add("added by DJL hooks (mean / p50)");
    }
    boolean cpu = CpuPerAnswer.measured(byConfig.get(RunConfiguration.NO_AGENT));
    if (cpu) {
      header.add("reading thread CPU ms/op, median of iterations (added)");
      header.add("client JVM CPU ms/op, median of iterations (added)");
    }
    MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
    for (RunConfiguration config : configurations) {
      Result mean = merged(byConfig.get(config), Mode.AverageTime);
      Result samples = merged(byConfig.get(config), Mode.SampleTime);
      List<String> cells = new ArrayList<>();
      cells.add(config.label);
      cells.add(unit.format(mean.getScore()) + " ± " + unit.format(mean.getScoreError()));
      for (double percentile : PERCENTILES) {
        cells.add(unit.format(samples.getStatistics().getPercentile(percentile)));
      }
      double added = mean.getScore() - baseline.getScore();
      cells.add(config.hasAgent()
          ? String.format(Locale.ROOT, "%s %s (%+.1f%%)", unit.signed(added), unit.label, 100 * added / baseline.getScore())
          : "—");
      if (djlShare) {
        cells.add(djlShare(byConfig, config, unit, mean, samples));
      }
      if (cpu) {
        for (String counter : CpuPerAnswer.COUNTERS) {
          cells.add(CpuPerAnswer.cell(byConfig.get(config), byConfig.get(RunConfiguration.NO_AGENT), counter, config.hasAgent()));
        }
      }
      table.row(cells.toArray(String[]::new));
    }
    return table.toString();
  }

  /** For the full-agent rows of the DJL suite: the difference to the same run without the DJL hooks. */
  private String djlShare(
      Map<RunConfiguration, Map<Mode, List<BenchmarkResult>>> byConfig, RunConfiguration config, Unit unit,
      Result mean, Result samples) {
    RunConfiguration withoutDjl = configurations.stream().filter(c -> c.withDjl == config).findFirst().orElse(null);
    if (withoutDjl == null) {
      return "—";
    }
    double meanShare = mean.getScore() - merged(byConfig.get(withoutDjl), Mode.AverageTime).getScore();
    double p50Share = samples.getStatistics().getPercentile(50)
        - merged(byConfig.get(withoutDjl), Mode.SampleTime).getStatistics().getPercentile(50);
    return unit.signed(meanShare) + " " + unit.label + " / " + unit.signed(p50Share) + " " + unit.label;
  }

  /** All forks of one mode as one result, aggregated the way JMH aggregates its own forks. */
  private static Result merged(Map<Mode, List<BenchmarkResult>> byMode, Mode mode) {
    List<BenchmarkResult> forks = byMode.get(mode);
    return new RunResult(forks.get(0).getParams(), forks).getPrimaryResult();
  }

  /** The benchmark's output time unit: whole nanoseconds, or microseconds to one decimal. */
  private record Unit(String label, int decimals) {
    static Unit of(Result result) {
      String unit = result.getScoreUnit(); // "ns/op", "us/op", ...
      return unit.startsWith("us") ? new Unit("µs", 1) : new Unit(unit.substring(0, unit.indexOf('/')), 0);
    }

    /** n/a where JMH has too few iterations for an error estimate. */
    String format(double value) {
      return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    String signed(double value) {
      return String.format(Locale.ROOT, "%+." + decimals + "f", value);
    }
  }
}
