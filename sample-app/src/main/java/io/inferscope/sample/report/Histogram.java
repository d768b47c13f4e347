package io.inferscope.sample.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series of a Prometheus histogram (cumulative {@code _bucket} counts by upper bound {@code le}),
 * with quantiles estimated as Prometheus' {@code histogram_quantile} does: linearly inside the bucket
 * where the quantile falls.
 */
record Histogram(Map<String, String> labels, TreeMap<Double, Double> cumulativeByBound) {

  /** Every series of {@code metric} (its {@code metric_bucket} samples grouped by their other labels). */
  static List<Histogram> of(List<PrometheusText.Sample> samples, String metric) {
    Map<Map<String, String>, TreeMap<Double, Double>> series = new LinkedHashMap<>();
    for (PrometheusText.Sample s : PrometheusText.named(samples, metric + "_bucket")) {
      Map<String, String> labels = new LinkedHashMap<>(s.labels());
      String le = labels.remove("le");
      if (le == null) {
        continue;
      }
      double bound = le.contains("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      series.computeIfAbsent(labels, k -> new TreeMap<>()).put(bound, s.value());
    }
    List<Histogram> result = new ArrayList<>();
    series.forEach((labels, buckets) -> result.add(new Histogram(labels, buckets)));
    return result;
  }

  String label(String key) {
    return labels.getOrDefault(key, "");
  }

  long count() {
    return cumulativeByBound.isEmpty() ? 0 : Math.round(cumulativeByBound.lastEntry().getValue());
  }

  /**
   * The q-quantile (0 &lt; q &lt; 1), NaN without data. If it falls in the last, unbounded bucket, the
   * largest finite bound is returned: all that the histogram can say is "at least this".
   */
  double quantile(double q) {
    double total = count();
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    double lowerBound = 0;
    double below = 0;
    for (Map.Entry<Double, Double> bucket : cumulativeByBound.entrySet()) {
      if (bucket.getValue() >= rank) {
        if (bucket.getKey().isInfinite()) {
          return lowerBound;
        }
        double inBucket = bucket.getValue() - below;
        return inBucket <= 0 ? bucket.getKey() : lowerBound + (bucket.getKey() - lowerBound) * (rank - below) / inBucket;
      }
      lowerBound = bucket.getKey();
      below = bucket.getValue();
    }
    return lowerBound;
  }
}
