package io.inferscope.agent.sampling;

import io.inferscope.agent.anomaly.AnomalyDetector;
import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.anomaly.KeySnapshot;
import io.inferscope.agent.anomaly.Reason;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;

/**
 * The sampler's metrics, all observed at collection time from the detector's own counts: nothing is added
 * to the per-call path, and anomalies are counted whether or not the rate cap let their traces out.
 */
final class AnomalyMetrics {
  private AnomalyMetrics() {}

  static final String COUNT = "inferscope.anomaly.count";
  static final String COUNT_DESCRIPTION = "Calls flagged anomalous, and drift flags of a model's outputs and inputs (reasons output_drift, input_drift), "
      + "by key (system, model, operation, streaming) and reason";

  static void register(Meter meter, AnomalyDetector detector, SamplingDrops drops) {
    meter.counterBuilder(COUNT).setUnit("{call}").setDescription(COUNT_DESCRIPTION)
        .buildWithCallback(m -> {
          for (KeySnapshot key : detector.snapshots()) {
            for (Reason reason : Reason.values()) {
              long n = key.anomalies(reason);
              if (reason != Reason.NONE && n > 0) {
                m.record(n, keyAttributes(key.key()).toBuilder().put(AnomalyAttributes.REASON, reason.attributeValue()).build());
              }
            }
          }
        });
    meter.gaugeBuilder("inferscope.anomaly.baseline").setUnit("s")
        .setDescription("The latency baseline calls are judged against, per key: expected p50 and p99 and the "
            + "threshold from which a call is flagged (seconds; seconds per output token for per_token)")
        .buildWithCallback(m -> {
          for (KeySnapshot key : detector.snapshots()) {
            Attributes attributes = keyAttributes(key.key());
            observe(m, attributes, "duration", key.duration());
            observe(m, attributes, "ttft", key.ttft());
            observe(m, attributes, "per_token", key.perToken());
          }
        });
    meter.counterBuilder("inferscope.anomaly.unjudged").setUnit("{call}")
        .setDescription("Calls of keys beyond inferscope.anomaly.max.keys: not judged on latency (errors still flagged)")
        .buildWithCallback(m -> m.record(detector.overflowCalls()));
    Attributes rateLimited = Attributes.of(AnomalyAttributes.CAUSE, "rate_limited");
    Attributes bufferFull = Attributes.of(AnomalyAttributes.CAUSE, "buffer_full");
    meter.counterBuilder("inferscope.sampling.dropped").setUnit("{span}")
        .setDescription("Spans not exported that the sampler would have kept: anomalous traces over the rate cap "
            + "(rate_limited), held spans dropped to keep the local-trace buffer bounded (buffer_full)")
        .buildWithCallback(m -> {
          m.record(drops.rateLimited(), rateLimited);
          m.record(drops.bufferFull(), bufferFull);
        });
  }

  private static void observe(ObservableDoubleMeasurement m, Attributes key, String quantity, KeySnapshot.BaselineStats stats) {
    if (stats == null || !stats.warm()) {
      return;
    }
    Attributes base = key.toBuilder().put(AnomalyAttributes.QUANTITY, quantity).build();
    m.record(stats.p50(), base.toBuilder().put(AnomalyAttributes.STATISTIC, "p50").build());
    m.record(stats.p99(), base.toBuilder().put(AnomalyAttributes.STATISTIC, "p99").build());
    m.record(stats.threshold(), base.toBuilder().put(AnomalyAttributes.STATISTIC, "threshold").build());
  }

  static Attributes flagAttributes(AnomalyKey key, String reason) {
    return keyAttributes(key).toBuilder().put(AnomalyAttributes.REASON, reason).build();
  }

  private static Attributes keyAttributes(AnomalyKey key) {
    return Attributes.of(
        AnomalyAttributes.KEY_SYSTEM, key.system(),
        AnomalyAttributes.KEY_MODEL, key.model(),
        AnomalyAttributes.KEY_OPERATION, key.operation(),
        AnomalyAttributes.KEY_STREAMING, key.streaming());
  }
}
