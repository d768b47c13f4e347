package io.inferscope.agent.anomaly;

import java.util.function.LongSupplier;

/**
 * The latency baseline of one key (or of one LLM quantity of a key): what is normal, learned online.
 *
 * <p><b>Design.</b> Two rotating log-bucketed histograms ({@link WindowedHistogram}: 15 % buckets,
 * 1 µs .. 1000 s, 16-bit counts), the current window and the previous one, each {@code window}
 * observations or half the horizon. The baseline is their sum, the last 1..2 windows: it follows level
 * changes and slow drift within two windows and then forgets completely, where an EWMA or a decayed sketch
 * keeps a stale tail for several time constants (and a stale tail is what moves p99). Quantiles rather
 * than mean/variance make multimodal latency (cache hit/miss, batch sizes) normal without a model of the
 * modes. An observation costs a bucket index from the double's bits, a 16-bit increment and compares;
 * quantiles and thresholds are recomputed every {@code recomputeEvery} observations (a walk over 150
 * buckets). About 860 bytes. Measured alternatives (docs/anomaly-sampler.md): EWMA is single-mode, P²
 * does not adapt, t-digest and HdrHistogram take 25 KB per key.
 *
 * <p><b>Threshold.</b> Flag when {@code x > p99 * exp((sensitivity - 1) * spread)}, {@code spread =
 * ln(p99/p50)} held within [ln 1.25, ln 3]; the score ({@link Verdict}) reaches the sensitivity exactly
 * there. The lower bound keeps very tight keys from flagging jitter the size of a bucket; the upper one is
 * for multimodal and heavy keys, where p99/p50 measures the gap between modes rather than the width of the
 * slowest one and would put the threshold at 10x p99 or more.
 *
 * <p><b>Not dragged by anomalies.</b> Observations scoring 1.5 or more are kept out of the histograms. The
 * bar is fixed rather than the sensitivity, so the baseline does not depend on the sensitivity: excluding
 * from p99 up truncates the very tail being measured and p99 ratchets down (measured at sensitivity 1
 * before this rule: 6-11 % false positives instead of ~1 %). <b>Level shifts</b>: an excluded observation
 * asks {@link ShiftDetector} whether the traffic itself moved; if so the histograms are shifted by the
 * distance from the old median to the recent one (shape kept, level followed at once) and a flagged call
 * is reported as {@code level_shift}. A strong shift costs about a dozen spike flags and one level shift
 * instead of a window of spikes; a mild one (most calls under the threshold) is absorbed by rotation.
 * A call below p01 may likewise confirm a downward shift (not flagged: faster is not an anomaly, but
 * spikes relative to the lower level would otherwise go unseen for up to two windows).
 *
 * <p><b>Warm-up.</b> With fewer than 8 samples nothing is judged. Until {@code warmUpSamples}, only values
 * above 10x the running median are flagged (recomputed every 8 observations): a fresh key has no tail
 * estimate, and a false alarm on every new model is worse than missing a moderate spike in its first
 * seconds. Errors are the caller's business.
 *
 * <p><b>Threads.</b> One writer at a time ({@link #record}), serialized by the caller. {@link #judge}
 * reads only volatile published values, so other threads may judge concurrently, against thresholds at
 * most one recompute old.
 */
public final class LatencyBaseline {
  static final int COLD = 0;
  static final int WARMING = 1;
  static final int WARM = 2;
  /** Results of {@link #record}. */
  static final int NO_SHIFT = 0;
  static final int SHIFT_UP = 1;
  static final int SHIFT_DOWN = 2;

  static final int COLD_SAMPLES = 8;
  static final double WARM_UP_FACTOR = 10;
  static final double MIN_SPREAD = Math.log(1.25);
  static final double MAX_SPREAD = Math.log(3);
  /** Observations scoring at least this are kept out of the baseline (see the class comment). */
  static final double EXCLUDE_SCORE = 1.5;
  private static final double LN_WARM_UP_FACTOR = Math.log(WARM_UP_FACTOR);

  private final BaselineConfig config;
  private final WindowedHistogram histogram;
  private final ShiftDetector shifts = new ShiftDetector();
  private int sinceRecompute;
  private long excluded;
  private int shiftsUp;
  private int shiftsDown;
  private double lastShiftFactor = 1;
  // Writer-only copies of the current quantiles, for record().
  private double excludeAbove = Double.POSITIVE_INFINITY;
  private double low;
  private int idx05;
  private int idx50;
  private int idx95;

  // Published by the writer for lock-free judges and gauges.
  private volatile int state = COLD;
  private volatile double threshold = Double.POSITIVE_INFINITY;
  private volatile double p50 = Double.NaN;
  private volatile double p99 = Double.NaN;
  private volatile double spread = Double.NaN;

  public LatencyBaseline(AnomalySettings settings) {
    this(settings, System::nanoTime);
  }

  /** @param clock nanoseconds, read only when a window may rotate on the horizon (every recompute). */
  public LatencyBaseline(AnomalySettings settings, LongSupplier clock) {
    this(BaselineConfig.of(settings, clock));
  }

  LatencyBaseline(BaselineConfig config) {
    this.config = config;
    this.histogram = new WindowedHistogram(config.now());
  }

  /**
   * Standalone use from a single thread (tests, replay): judges x, then learns from it.
   *
   * @return {@code out}, reset and filled; not judged while the baseline is cold
   */
  public Verdict observe(double x, Verdict out) {
    out.reset();
    judge(x, Reason.LATENCY_SPIKE, 1, out);
    if (record(x) == SHIFT_UP) {
      out.levelShift(Reason.LATENCY_SPIKE);
    }
    return out;
  }

  /**
   * Judges x against the published thresholds and offers the result to {@code out}, with measured,
   * baseline and threshold multiplied by {@code unit} (1 for seconds). No state change.
   *
   * @return whether x is flagged; false while cold (then nothing is offered)
   */
  boolean judge(double x, Reason reason, double unit, Verdict out) {
    int s = state;
    if (s == COLD || !valid(x)) {
      return false;
    }
    double t = threshold;
    boolean flagged = x > t;
    if (s == WARM) {
      out.offer(flagged, reason, x * unit, p50 * unit, t * unit, p99 * unit, 1, 1 / spread);
    } else {
      out.offer(flagged, reason, x * unit, p50 * unit, t * unit, p50 * unit, 0,
          config.sensitivity() / LN_WARM_UP_FACTOR);
    }
    return flagged;
  }

  /** The score of x (scale: {@link Verdict}); NaN while cold. */
  public double score(double x) {
    return score(x, state);
  }

  private double score(double x, int s) {
    if (s == WARM) {
      return 1 + Math.log(x / p99) / spread;
    }
    if (s == WARMING) {
      return config.sensitivity() * Math.log(x / p50) / LN_WARM_UP_FACTOR;
    }
    return Double.NaN;
  }

  private static boolean valid(double x) {
    return x >= 0 && x < Double.POSITIVE_INFINITY;
  }

  /**
   * Learns from x: kept out if it scores {@link #EXCLUDE_SCORE} or more, unless it confirms a shift.
   * Writer only.
   *
   * @return {@link #SHIFT_UP} when x confirmed an upward level shift (reported as {@code level_shift}
   *     if x was flagged), {@link #SHIFT_DOWN} for a downward one, else {@link #NO_SHIFT}
   */
  int record(double x) {
    if (!valid(x)) {
      return NO_SHIFT;
    }
    int bucket = LogBuckets.index(x);
    shifts.add(bucket);
    int event = NO_SHIFT;
    if (x > excludeAbove) {
      int d = shifts.upShift(idx50, idx95);
      if (d <= 0) {
        excluded++;
        maybeMaintain();
        return NO_SHIFT;
      }
      shiftsUp++;
      lastShiftFactor = LogBuckets.factorOf(d);
      shiftBy(d);
      event = SHIFT_UP;
    } else if (x < low) {
      int d = shifts.downShift(idx05, idx50);
      if (d < 0) {
        shiftsDown++;
        lastShiftFactor = LogBuckets.factorOf(d);
        shiftBy(d);
        event = SHIFT_DOWN;
      }
    }
    histogram.add(bucket);
    maybeMaintain();
    return event;
  }

  /**
   * Moves the whole baseline by factor r (shape kept), e.g. to hand a level change over to another model
   * of the key. Writer only.
   */
  void rescale(double r) {
    shiftBy(LogBuckets.shiftFor(r));
  }

  private void shiftBy(int buckets) {
    histogram.shift(buckets);
    shifts.reset();
    sinceRecompute = 0;
    recompute();
  }

  private void maybeMaintain() {
    if (++sinceRecompute < (state == WARM ? config.recomputeEvery() : COLD_SAMPLES)) {
      return;
    }
    sinceRecompute = 0;
    if (histogram.current() >= config.window()) {
      histogram.rotate(config.now());
    } else if (config.horizonOn() && histogram.current() >= config.warmUp()) {
      // Time rotation waits for warm-up samples, so a slow key keeps a usable (if older) baseline.
      long now = config.clock().getAsLong();
      if (now - histogram.currentStartNanos() >= config.halfHorizonNanos()) {
        histogram.rotate(now);
      }
    }
    recompute();
  }

  private void recompute() {
    int total = histogram.total();
    if (total < COLD_SAMPLES) {
      state = COLD;
      threshold = Double.POSITIVE_INFINITY;
      excludeAbove = Double.POSITIVE_INFINITY;
      low = 0;
      return;
    }
    histogram.startWalk();
    double q01 = histogram.valueAt(0.01 * total);
    double q05 = histogram.valueAt(0.05 * total);
    double q50 = histogram.valueAt(0.50 * total);
    double q95 = histogram.valueAt(0.95 * total);
    double q99 = histogram.valueAt(0.99 * total);
    idx05 = LogBuckets.index(q05);
    idx50 = LogBuckets.index(q50);
    idx95 = LogBuckets.index(q95);
    p50 = q50;
    p99 = q99;
    if (total < config.warmUp()) {
      threshold = WARM_UP_FACTOR * q50;
      excludeAbove = WARM_UP_FACTOR * q50;
      low = 0;
      state = WARMING;
    } else {
      double sp = Math.min(MAX_SPREAD, Math.max(MIN_SPREAD, Math.log(q99 / q50)));
      spread = sp;
      threshold = q99 * Math.exp((config.sensitivity() - 1) * sp);
      excludeAbove = q99 * Math.exp((EXCLUDE_SCORE - 1) * sp);
      low = q01;
      state = WARM;
    }
  }

  /** True once the baseline judges with its own quantiles (warm-up over). */
  public boolean warm() {
    return state == WARM;
  }

  /** False while cold (fewer than 8 samples): nothing is judged. */
  public boolean judging() {
    return state != COLD;
  }

  /** Expected median (NaN while cold). */
  public double p50() {
    return p50;
  }

  /** Expected p99 (NaN while cold). */
  public double p99() {
    return p99;
  }

  /** Values above this are flagged (+infinity while cold). */
  public double threshold() {
    return threshold;
  }

  /** Samples the baseline currently holds (both windows). */
  public int samples() {
    return histogram.total();
  }

  /** Observations recorded so far, excluded ones included. */
  public long observations() {
    return shifts.seen();
  }

  /** Observations kept out of the baseline as anomalous. */
  public long excluded() {
    return excluded;
  }

  public int levelShiftsUp() {
    return shiftsUp;
  }

  public int levelShiftsDown() {
    return shiftsDown;
  }

  /** Factor of the last level shift (new median / old median, to a bucket); 1 if none. */
  public double lastShiftFactor() {
    return lastShiftFactor;
  }

}
