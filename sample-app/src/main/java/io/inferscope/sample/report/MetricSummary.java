package io.inferscope.sample.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The metric sections of the report: latency per model and the anomaly counters, from every call. */
final class MetricSummary {
  private MetricSummary() {}

  static void print(List<PrometheusText.Sample> samples, PrintStream out) {
    out.println("Latency per model (Prometheus histograms, every call; quantiles interpolated within buckets)");
    TextTable latency = new TextTable("model", "library", "operation", ">calls", ">p50", ">p99");
    rows(samples, "ml_inference_duration_seconds", "ml_model_name", "ml_framework", "ml_operation", "", latency);
    rows(samples, "gen_ai_client_operation_duration_seconds", "gen_ai_request_model", "gen_ai_provider_name",
        "gen_ai_operation_name", "", latency);
    rows(samples, "gen_ai_client_operation_time_to_first_chunk_seconds", "gen_ai_request_model",
        "gen_ai_provider_name", "gen_ai_operation_name", " (first chunk)", latency);
    if (latency.isEmpty()) {
      out.println("  none: the metrics endpoint has no ml_inference_duration_seconds or gen_ai_client_operation_duration_seconds yet");
    } else {
      latency.print(out, "  ");
    }
    out.println();

    out.println("Anomalies flagged (inferscope_anomaly_count: every judged call, exported or not)");
    TextTable anomalies = new TextTable("system", "model", "operation", "streamed", "reason", ">count");
    for (PrometheusText.Sample s : PrometheusText.named(samples, "inferscope_anomaly_count_total")) {
      if (s.value() > 0) {
        anomalies.row(s.label("inferscope_anomaly_system"), s.label("inferscope_anomaly_model"),
            s.label("inferscope_anomaly_operation"), s.label("inferscope_anomaly_streaming"),
            s.label("inferscope_anomaly_reason"), Math.round(s.value()));
      }
    }
    if (anomalies.isEmpty()) {
      out.println("  none flagged");
    } else {
      anomalies.print(out, "  ");
    }
    for (PrometheusText.Sample s : PrometheusText.named(samples, "inferscope_sampling_dropped_total")) {
      if (s.value() > 0) {
        out.printf("  %d spans the sampler meant to keep were dropped (%s)%n", Math.round(s.value()),
            s.label("inferscope_sampling_drop_cause"));
      }
    }
  }

  /** One row per (model, library, operation): series that differ in other labels (server, error) are merged. */
  private static void rows(List<PrometheusText.Sample> samples, String metric, String modelLabel, String libraryLabel,
      String operationLabel, String suffix, TextTable into) {
    Map<List<String>, List<Histogram>> byKey = new LinkedHashMap<>();
    for (Histogram h : Histogram.of(samples, metric)) {
      byKey.computeIfAbsent(List.of(h.label(modelLabel), h.label(libraryLabel), h.label(operationLabel)),
          k -> new ArrayList<>()).add(h);
    }
    byKey.forEach((key, series) -> {
      Histogram merged = merge(series);
      into.row(key.get(0) + suffix, key.get(1), key.get(2), merged.count(),
          Durations.format(merged.quantile(0.5)), Durations.format(merged.quantile(0.99)));
    });
  }

  private static Histogram merge(List<Histogram> series) {
    TreeMap<Double, Double> sum = new TreeMap<>();
    series.forEach(h -> h.cumulativeByBound().forEach((bound, count) -> sum.merge(bound, count, Double::sum)));
    return new Histogram(series.get(0).labels(), sum);
  }
}
