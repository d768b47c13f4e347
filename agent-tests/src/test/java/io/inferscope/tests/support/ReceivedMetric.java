package io.inferscope.tests.support;

import java.util.List;
import java.util.Map;

/**
 * One metric data point as received over OTLP, flattened with its metric's metadata.
 *
 * <p>{@code type} is HISTOGRAM, EXP_HISTOGRAM, SUM, GAUGE or SUMMARY. Histogram-like points fill
 * {@code count} and {@code sum} (explicit histograms also {@code explicitBounds} and
 * {@code bucketCounts}) and leave {@code value} 0; sums and gauges fill only {@code value}.
 */
public record ReceivedMetric(
    String name,
    String description,
    String unit,
    String type,
    Map<String, Object> attributes,
    Map<String, Object> resource,
    String scopeName,
    long count,
    double sum,
    List<Double> explicitBounds,
    List<Long> bucketCounts,
    double value) {

  public ReceivedMetric {
    attributes = AttributeMaps.sortedCopy(attributes);
    resource = AttributeMaps.sortedCopy(resource);
    explicitBounds = List.copyOf(explicitBounds);
    bucketCounts = List.copyOf(bucketCounts);
  }

  /** The attribute as a string, or null when absent. */
  public String attr(String key) {
    return AttributeMaps.stringValue(attributes, key);
  }

  /** The attribute as a Long, or null when absent; fails when it has another type. */
  public Long longAttr(String key) {
    return AttributeMaps.longValue(attributes, key);
  }
}
