package io.inferscope.agent.sampling;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Anomalies flagged outside the per-call latency judgement (drift of a model's outputs or inputs), counted
 * in the same {@code inferscope.anomaly.count} as the sampler's: same name, unit, description and scope,
 * so the SDK merges both callbacks into one metric and a backend sees one series per key and reason,
 * whether or not the anomaly sampler is in use. The reasons never overlap with the sampler's, so the two
 * callbacks never record the same attributes.
 */
public final class AnomalyFlags {
  /** A source of flag counts, read at each collection. */
  public interface Source {
    void forEach(Sink sink);
  }

  /** Takes one key's count of flags for one reason; a key and reason may be given more than once (summed). */
  public interface Sink {
    void flags(AnomalyKey key, String reason, long count);
  }

  private AnomalyFlags() {}

  public static void register(MeterProvider meters, String agentVersion, Source source) {
    Map<AnomalyKey, Map<String, Attributes>> attributes = new ConcurrentHashMap<>();
    meters.meterBuilder(AnomalySampling.SCOPE).setInstrumentationVersion(agentVersion).build()
        .counterBuilder(AnomalyMetrics.COUNT).setUnit("{call}").setDescription(AnomalyMetrics.COUNT_DESCRIPTION)
        .buildWithCallback(m -> {
          // Several summaries of one model share a key: sum them, one record per attribute set.
          Map<Attributes, Long> sums = new HashMap<>();
          source.forEach((key, reason, count) -> {
            if (count > 0) {
              Attributes a = attributes.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                  .computeIfAbsent(reason, r -> AnomalyMetrics.flagAttributes(key, r));
              sums.merge(a, count, Long::sum);
            }
          });
          sums.forEach((a, n) -> m.record(n, a));
        });
  }
}
