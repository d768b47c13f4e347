package io.inferscope.agent.anomaly;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The latency baseline of one key (or of one LLM quantity of a key): what is normal, learned online.
 *
 * <p><b>Design.</b> Two rotating log-bucketed histograms ({@link LogBuckets}, 15 % wide, 1 µs .. 1000 s,
 * 16-bit counts): the current window and the previous one, each about {@code window} observations or half
 * the horizon. The baseline is their sum, i.e. the last 1..2 windows, so it follows genuine level changes
 * and slow drift within about two windows and forgets completely after that: an EWMA or a decayed sketch
 * keeps a stale tail for several time constants, and a stale tail is exactly what moves p99. Quantiles
 * rather than mean/variance make multimodal latency (cache hit or miss, batch sizes) normal without a
 * model of the modes. An observation costs a bucket index from the double's bits, a 16-bit increment and
 * a compare; p01/p05/p50/p95/p99 and the flag threshold are recomputed every {@code recomputeEvery}
 * observations (one walk over 150 buckets). Memory is about 0.9 KB: 600 bytes of counts, a 16-value ring of
 * recent latencies and a few fields. (Measured alternatives, see docs/anomaly-sampler.md: EWMA is cheaper
 * but single-mode; P² does not adapt; t-digest/HdrHistogram cost 25 KB per key.)
 *
 * <p><b>Threshold.</b> Flag when {@code x > p99 * exp((sensitivity - 1) * spread)} with
 * {@code spread = ln(p99/p50)} held within [ln 1.25, ln 3]; the score ({@link Verdict}) reaches the
 * sensitivity exactly there. The lower bound keeps very tight keys from flagging jitter of the size of a
 * bucket; the upper bound is for multimodal and heavy keys, where p99/p50 measures the gap between modes
 * rather than the width of the slowest one and would otherwise put the threshold at 10x p99 or more.
 *
 * <p><b>Not dragged by anomalies.</b> Flagged observations are kept out of the histograms. <b>Level
 * shifts</b>: when a flagged observation arrives and the median of the last 16 observations (flagged or
 * not) is above the old p95, the bulk of the traffic has moved beyond the old tail, which independent
 * draws do with probability ~1e-7; the histograms are then shifted by the ratio of that median to the old
 * median (the shape is kept, the level follows at once) and the call is reported as {@code level_shift}.
 * A strong shift thus costs a few spike flags and one level shift instead of a window of spikes; a mild
 * one (most post-shift calls under the threshold) is absorbed by the rotation. Symmetrically, a call below
 * the old p01 with the recent median below p05 shifts the baseline down (not flagged: faster is not an
 * anomaly, but without it spikes relative to the new, lower level would go unseen for two windows).
 *
 * <p><b>Warm-up.</b> With fewer than 8 samples nothing is judged. Until {@code warmUpSamples}, only values
 * above 10x the running median are flagged (recomputed every 8 observations): a fresh key has no tail
 * estimate, and a false alarm on every new model is worse than missing a moderate spike in its first
 * seconds. Errors are judged by the caller, not here.
 *
 * <p><b>Threads.</b> One writer at a time ({@link #record}); the caller serializes writers.
 * {@link #judge} reads only volatile published values, so other threads may judge concurrently and see
 * thresholds at most one recompute old.
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
  private static final double LN_WARM_UP_FACTOR = Math.log(WARM_UP_FACTOR);
  private static final int RECENT = 16;
  private static final int MEDIAN_RANK = RECENT / 2 - 1;
  private static final int B = LogBuckets.COUNT;

  /** Settings shared by all baselines of a detector. */
  record Config(double sensitivity, int warmUp, int window, int recomputeEvery, long halfHorizonNanos,
      LongSupplier clock) {
    static Config of(AnomalySettings s, LongSupplier clock) {
      Duration h = s.horizon();
      // Beyond ~292 years toNanos overflows; such a horizon is simply "off".
      long half = h.compareTo(Duration.ofDays(365L * 200)) > 0 ? 0 : h.toNanos() / 2;
      return new Config(s.sensitivity(), s.warmUpSamples(), s.windowObservations(), s.recomputeEvery(),
          half, clock);
    }

    boolean horizonOn() {
      return halfHorizonNanos > 0;
    }
  }

  private final Config config;
  /** counts[0..B) and counts[B..2B) are the two windows; the current one starts at curOffset. */
  private final char[] counts = new char[2 * B];
  private final float[] recent = new float[RECENT];
  private int curOffset;
  private int curCount;
  private int prevCount;
  private int sinceRecompute;
  private long curStartNanos;
  private long observations;
  private long excluded;
  private int shiftsUp;
  private int shiftsDown;
  private double lastShiftFactor = 1;
  private int walkBucket;
  private int walkBefore;

  // Published by the writer for lock-free judges and gauges.
  private volatile int state = COLD;
  private volatile double threshold = Double.POSITIVE_INFINITY;
  private volatile double low;
  private volatile double p05 = Double.NaN;
  private volatile double p50 = Double.NaN;
  private volatile double p95 = Double.NaN;
  private volatile double p99 = Double.NaN;
  private volatile double spread = Double.NaN;

  public LatencyBaseline(AnomalySettings settings) {
    this(settings, System::nanoTime);
  }

  /** @param clock nanoseconds, read only when a window may rotate on the horizon (every recompute). */
  public LatencyBaseline(AnomalySettings settings, LongSupplier clock) {
    this(Config.of(settings, clock));
  }

  LatencyBaseline(Config config) {
    this.config = config;
    if (config.horizonOn()) {
      curStartNanos = config.clock().getAsLong();
    }
  }

  /**
   * Standalone use from a single thread (tests, replay): judges x, then learns from it.
   *
   * @return {@code out}, reset and filled; not judged while the baseline is cold
   */
  public Verdict observe(double x, Verdict out) {
    out.reset();
    boolean flagged = judge(x, Reason.LATENCY_SPIKE, 1, out);
    if (record(x, flagged) == SHIFT_UP) {
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
    if (s == COLD || !(x >= 0) || x == Double.POSITIVE_INFINITY) {
      return false;
    }
    double t = threshold;
    boolean flagged = x > t;
    out.offer(flagged, reason, score(x, s), x * unit, p50 * unit, t * unit);
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

  /**
   * Learns from x. Flagged values stay out of the histograms unless they reveal a level shift.
   *
   * @return {@link #SHIFT_UP} when this observation confirmed an upward level shift (the caller reports
   *     it as {@code level_shift}), {@link #SHIFT_DOWN} for a downward one, else {@link #NO_SHIFT}
   */
  int record(double x, boolean flagged) {
    if (!(x >= 0) || x == Double.POSITIVE_INFINITY) {
      return NO_SHIFT;
    }
    recent[(int) (observations++ & (RECENT - 1))] = (float) x;
    int event = NO_SHIFT;
    if (flagged) {
      if (observations >= RECENT) {
        double m = recentMedian();
        if (m > p95) {
          event = SHIFT_UP;
          shiftsUp++;
          lastShiftFactor = m / p50;
          rescale(lastShiftFactor);
        }
      }
      if (event == NO_SHIFT) {
        excluded++;
        maybeMaintain();
        return NO_SHIFT;
      }
    } else if (x < low && observations >= RECENT) {
      double m = recentMedian();
      if (m < p05) {
        event = SHIFT_DOWN;
        shiftsDown++;
        lastShiftFactor = m / p50;
        rescale(lastShiftFactor);
      }
    }
    int i = curOffset + LogBuckets.index(x);
    counts[i]++;
    curCount++;
    maybeMaintain();
    return event;
  }

  /**
   * Moves the whole baseline by factor r (shape kept), e.g. when the level of the traffic changed, or
   * to hand a level change over to another model of the key. Writer only.
   */
  void rescale(double r) {
    int d = LogBuckets.shiftFor(r);
    if (d != 0) {
      shift(0, d);
      shift(B, d);
    }
    sinceRecompute = 0;
    recompute();
  }

  private void shift(int off, int d) {
    char[] a = counts;
    if (d > 0) {
      // new[j] = old[j - d]; everything that would pass the top piles into the last bucket.
      int top = 0;
      for (int i = Math.max(0, B - 1 - d); i < B; i++) {
        top += a[off + i];
      }
      a[off + B - 1] = (char) top;
      for (int j = B - 2; j >= d; j--) {
        a[off + j] = a[off + j - d];
      }
      for (int j = Math.min(d, B - 1) - 1; j >= 0; j--) {
        a[off + j] = 0;
      }
    } else {
      int e = -d;
      int bottom = 0;
      for (int i = 0; i <= Math.min(e, B - 1); i++) {
        bottom += a[off + i];
      }
      a[off] = (char) bottom;
      for (int j = 1; j <= B - 1 - e; j++) {
        a[off + j] = a[off + j + e];
      }
      for (int j = Math.max(1, B - e); j < B; j++) {
        a[off + j] = 0;
      }
    }
  }

  private void maybeMaintain() {
    if (++sinceRecompute < (state == WARM ? config.recomputeEvery() : COLD_SAMPLES)) {
      return;
    }
    sinceRecompute = 0;
    if (curCount >= config.window()) {
      rotate(config.horizonOn() ? config.clock().getAsLong() : 0);
    } else if (config.horizonOn() && curCount >= config.warmUp()) {
      // Time rotation waits for warm-up samples, so a slow key keeps a usable (if older) baseline.
      long now = config.clock().getAsLong();
      if (now - curStartNanos >= config.halfHorizonNanos()) {
        rotate(now);
      }
    }
    recompute();
  }

  private void rotate(long now) {
    curOffset = B - curOffset;
    Arrays.fill(counts, curOffset, curOffset + B, (char) 0);
    prevCount = curCount;
    curCount = 0;
    curStartNanos = now;
  }

  private void recompute() {
    int total = curCount + prevCount;
    if (total < COLD_SAMPLES) {
      state = COLD;
      threshold = Double.POSITIVE_INFINITY;
      low = 0;
      return;
    }
    walkBucket = 0;
    walkBefore = 0;
    double q01 = walkTo(0.01 * total);
    double q05 = walkTo(0.05 * total);
    double q50 = walkTo(0.50 * total);
    double q95 = walkTo(0.95 * total);
    double q99 = walkTo(0.99 * total);
    p05 = q05;
    p50 = q50;
    p95 = q95;
    p99 = q99;
    if (total < config.warmUp()) {
      threshold = WARM_UP_FACTOR * q50;
      low = 0;
      state = WARMING;
    } else {
      double sp = Math.min(MAX_SPREAD, Math.max(MIN_SPREAD, Math.log(q99 / q50)));
      spread = sp;
      threshold = q99 * Math.exp((config.sensitivity() - 1) * sp);
      low = q01;
      state = WARM;
    }
  }

  /** Value at the given rank of the merged windows; ranks must be asked in increasing order. */
  private double walkTo(double rank) {
    while (true) {
      int c = counts[walkBucket] + counts[B + walkBucket];
      if (walkBefore + c > rank || walkBucket == B - 1) {
        double f = c == 0 ? 0.5 : Math.min(1, Math.max(0, (rank - walkBefore) / c));
        return LogBuckets.interpolate(walkBucket, f);
      }
      walkBefore += c;
      walkBucket++;
    }
  }

  /** Lower median of the last 16 observations, by rank counting (no copy, no sort; rare path only). */
  private double recentMedian() {
    float[] a = recent;
    for (int i = 0; i < RECENT; i++) {
      float v = a[i];
      int less = 0;
      int equal = 0;
      for (int j = 0; j < RECENT; j++) {
        if (a[j] < v) {
          less++;
        } else if (a[j] == v) {
          equal++;
        }
      }
      if (less <= MEDIAN_RANK && MEDIAN_RANK < less + equal) {
        return v;
      }
    }
    return a[0];
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

  public double p95() {
    return p95;
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
    return curCount + prevCount;
  }

  /** Observations recorded so far, flagged ones included. */
  public long observations() {
    return observations;
  }

  /** Flagged observations kept out of the baseline. */
  public long excluded() {
    return excluded;
  }

  public int levelShiftsUp() {
    return shiftsUp;
  }

  public int levelShiftsDown() {
    return shiftsDown;
  }

  /** Factor of the last level shift (new median / old median); 1 if none. */
  public double lastShiftFactor() {
    return lastShiftFactor;
  }
}
