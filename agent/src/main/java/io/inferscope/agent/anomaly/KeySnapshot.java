package io.inferscope.agent.anomaly;

import java.util.Arrays;

/**
 * A key's counts and current baselines, for metrics ({@code inferscope.anomaly.count} by key and reason,
 * the expected p50/p99 gauges) and for the replay summary. Taken without locking: values are each recent,
 * not one instant's.
 *
 * @param calls calls judged for this key (including those judged while another thread held its baseline)
 * @param notRecorded calls judged lock-free under contention and therefore not learned from
 * @param duration baseline of raw duration; for a key judged by batch size only, the expected duration of
 *     its typical batch ({@code typicalBatch} items): the batch ratios' quantiles times the batch model's
 *     expectation for that size; null if the key never needed one
 * @param ttft LLM time to first chunk; null if never seen
 * @param perToken LLM seconds per output token after the first chunk; null if never seen
 * @param lengthRatio non-streamed LLM calls: duration / expected duration for the output length (about 1);
 *     null if never seen
 * @param batchRatio model calls with a batch size: duration / expected duration for the batch size (about 1);
 *     null if never seen
 * @param typicalBatch the batch size whose expectation {@code duration} holds (the batch model's weighted
 *     mean size); NaN when {@code duration} is a raw-duration baseline or absent
 */
public record KeySnapshot(
    AnomalyKey key,
    long calls,
    long notRecorded,
    long[] anomaliesByReason,
    BaselineStats duration,
    BaselineStats ttft,
    BaselineStats perToken,
    BaselineStats lengthRatio,
    BaselineStats batchRatio,
    double typicalBatch) {

  public KeySnapshot {
    anomaliesByReason = anomaliesByReason.clone();
  }

  /** Anomalies flagged with this reason so far. */
  public long anomalies(Reason reason) {
    return anomaliesByReason[reason.ordinal()];
  }

  /** All anomalies so far. */
  public long anomalies() {
    return Arrays.stream(anomaliesByReason).sum();
  }

  @Override
  public long[] anomaliesByReason() {
    return anomaliesByReason.clone();
  }

  /**
   * One baseline's state. p50/p99 are the expected values (seconds; a ratio for {@code lengthRatio}),
   * NaN while it has fewer than 8 samples.
   */
  public record BaselineStats(
      boolean warm,
      int samples,
      double p50,
      double p99,
      double threshold,
      long excluded,
      int levelShiftsUp,
      int levelShiftsDown) {

    /** The same baseline in other units: p50, p99 and threshold times {@code factor}. */
    BaselineStats times(double factor) {
      return new BaselineStats(warm, samples, p50 * factor, p99 * factor, threshold * factor, excluded,
          levelShiftsUp, levelShiftsDown);
    }

    static BaselineStats of(LatencyBaseline b) {
      if (b == null) {
        return null;
      }
      return new BaselineStats(b.warm(), b.samples(), b.p50(), b.p99(), b.threshold(), b.excluded(),
          b.levelShiftsUp(), b.levelShiftsDown());
    }
  }
}
