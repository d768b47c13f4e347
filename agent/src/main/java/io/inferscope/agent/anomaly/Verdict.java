package io.inferscope.agent.anomaly;

/**
 * The detector's answer for one call. Mutable and reused so the hot path allocates nothing: a verdict
 * returned by {@link AnomalyDetector} without an explicit target is the calling thread's own and is
 * valid until that thread's next judge call; copy what you keep.
 *
 * <p><b>Score scale</b> (for {@code inferscope.anomaly.score}): 1 at the baseline's p99, and each further
 * unit is one p50-to-p99 distance in log space, i.e. {@code score = 1 + ln(x / p99) / ln(p99 / p50)}. For a
 * unimodal key that puts 0 at the median. The spread {@code ln(p99/p50)} is held within
 * [ln 1.25, ln 3] (see {@link LatencyBaseline}), so for very tight or multimodal keys 0 is not exactly the
 * median, while 1 stays at p99. A call is flagged when its score reaches the sensitivity. During warm-up
 * (see {@link LatencyBaseline}) the score is {@code sensitivity * ln(x / median) / ln 10}, so it reaches the
 * sensitivity at 10x the running median. NaN when the call could not be scored (key still cold, over the
 * key cap, no latency baseline for an error). Computed on the first {@link #score()} call (one log), not
 * on the hot path.
 */
public final class Verdict {
  private static final double LN_2 = Math.log(2);
  private boolean anomalous;
  private boolean judged;
  private Reason reason = Reason.NONE;
  private double score = Double.NaN;
  private boolean scoreStale;
  // score = scoreOffset + ln(measured / scoreRef) * scoreScale, computed when asked: a Math.log per judged
  // quantity measured 5-10 ns of a 20-45 ns decision, and callers want the score of anomalous calls.
  private double scoreRef;
  private double scoreOffset;
  private double scoreScale;
  /** Approximate score of the current quantity, to choose between quantities without a log. */
  private double rank;
  private double measured = Double.NaN;
  private double baseline = Double.NaN;
  private double threshold = Double.NaN;

  /** True when the call must be kept: its latency is anomalous for its key, or it failed. */
  public boolean anomalous() {
    return anomalous;
  }

  /** False when no baseline could judge the latency (cold key, key cap reached, no usable value). */
  public boolean judged() {
    return judged;
  }

  public Reason reason() {
    return reason;
  }

  /** See the class comment for the scale; NaN when not judged. */
  public double score() {
    if (scoreStale) {
      score = scoreOffset + Math.log(measured / scoreRef) * scoreScale;
      scoreStale = false;
    }
    return score;
  }

  /**
   * The value that was judged: duration, time to first chunk or time per output token (seconds). For an
   * LLM call judged on its length-adjusted duration, or a model call judged for its batch size, the duration.
   */
  public double measuredSeconds() {
    return measured;
  }

  /**
   * The baseline's median for the judged value (seconds, or seconds per token): what was expected. For a
   * call judged for its output length or batch size, the expected duration for that length or size.
   */
  public double baselineSeconds() {
    return baseline;
  }

  /** The value above which this call would have been flagged (same unit as the baseline). */
  public double thresholdSeconds() {
    return threshold;
  }

  void reset() {
    anomalous = false;
    judged = false;
    reason = Reason.NONE;
    score = Double.NaN;
    scoreStale = false;
    measured = Double.NaN;
    baseline = Double.NaN;
    threshold = Double.NaN;
  }

  /**
   * Offers one judged quantity; an LLM call is judged on up to two (time to first chunk and per-token
   * time). A flagged quantity wins over an unflagged one, otherwise the higher score wins. All values in
   * seconds (or seconds per token); the score is {@code offset + ln(measured / ref) * scale}.
   */
  void offer(boolean flagged, Reason flaggedReason, double measured, double baseline, double threshold,
      double ref, double offset, double scale) {
    double r = offset + LogBuckets.log2(measured / ref) * LN_2 * scale;
    boolean better = !judged
        || (flagged && !anomalous)
        || (flagged == anomalous && r > rank);
    if (!better) {
      return;
    }
    this.judged = true;
    this.anomalous = flagged;
    this.reason = flagged ? flaggedReason : Reason.NONE;
    this.rank = r;
    this.scoreStale = true;
    this.scoreRef = ref;
    this.scoreOffset = offset;
    this.scoreScale = scale;
    this.measured = measured;
    this.baseline = baseline;
    this.threshold = threshold;
  }

  /**
   * The quantity flagged with {@code asFlagged} revealed a level shift (see {@link LatencyBaseline}); only
   * relabels the verdict if that quantity is the one it describes.
   */
  void levelShift(Reason asFlagged) {
    if (anomalous && reason == asFlagged) {
      reason = Reason.LEVEL_SHIFT;
    }
  }

  /** Errors and timeouts: flagged whatever the latency says (which stays in score/baseline if known). */
  void markError() {
    anomalous = true;
    reason = Reason.ERROR;
  }

  @Override
  public String toString() {
    return "Verdict{" + (anomalous ? reason.attributeValue() : judged ? "normal" : "not judged")
        + ", score=" + score() + ", measured=" + measured + "s, baseline=" + baseline
        + "s, threshold=" + threshold + "s}";
  }
}
