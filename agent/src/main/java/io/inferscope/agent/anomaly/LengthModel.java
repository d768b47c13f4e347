package io.inferscope.agent.anomaly;

/**
 * Expected duration of a call for the size of its work, {@code a + b * size}: a non-streamed LLM call's
 * output tokens, or a model call's batch size (items). Fitted online by exponentially weighted least
 * squares (forgetting over about one window).
 *
 * <p>Why: without a time to first chunk, duration/tokens is not a per-token speed (the fixed part, queueing
 * and prefill, makes short answers look "slow per token"), and raw duration makes long answers look slow.
 * Batches are the same: a fixed cost per call (dispatch, copies, kernel launch) plus a cost per item, so
 * time per item makes small batches look slow and raw duration makes big ones look slow. Judging
 * {@code duration / expected(size)} against a {@link LatencyBaseline} of such ratios handles both: a
 * 2000-token answer or a 30 000-row batch at normal speed has a ratio near 1. Flagged calls are not fitted
 * (same reason as the histograms); a level shift moves the model ({@link #scale}).
 *
 * <p><b>Relative weights.</b> Latency noise is proportional to latency, so each call is weighted by
 * {@code 1 / expected(size)^2}: the fit minimises relative, not absolute, error. Unweighted, a size range of
 * 1000x lets the largest calls' absolute noise (a few ms on 300 ms) decide the intercept, which is the whole
 * expectation of the smallest calls (2 ms); measured on the evaluation's batch series, the ratios of small
 * batches then sat 30-60 % off those of big ones.
 *
 * <p><b>Beyond the sizes seen.</b> A straight line extrapolated from small sizes says little about a size
 * 10x beyond them (with sizes all equal it has no slope at all). Above the largest size fitted recently
 * (in the last one to two windows of fits) the expectation grows in proportion to size from there, as if all of that
 * call's time were per item: the most generous straight line through the data, so a bigger batch than ever
 * seen is flagged only when it is slower per item than the biggest one seen, and once fitted it extends
 * the range.
 *
 * <p>Warm-up: least squares is not robust, and a key's first calls are often its slowest (a cold SDK: class
 * loading, JIT, connection set-up; 870 ms against 50 ms in the sample application). Kept in the sums, such a
 * call drags the fit for a whole window, and the ratios of normal calls then look off. So the first
 * calls (up to {@value #MAX_HELD}) are held, fitted without weights, and fitted again, weighted by that
 * first fit, without those slower than {@value #OUTLIER}x what it expects for their size; the samples are
 * then dropped.
 *
 * <p>Cost: five multiply-adds and a division per fit, two multiply-adds and two compares per prediction;
 * coefficients are solved every {@code recomputeEvery} fits. Single writer, like the baseline.
 */
final class LengthModel {
  static final int MAX_HELD = 64;
  static final double OUTLIER = 5;
  private final double keep;
  private final int warmUp;
  private final int recomputeEvery;
  private double s0;
  private double sn;
  private double snn;
  private double sy;
  private double sny;
  private long fits;
  private int sinceSolve;
  private volatile double a = Double.NaN;
  private volatile double b = Double.NaN;
  private final int window;
  /** The largest size fitted in the current window of fits and in the previous one (forgotten after two). */
  private double maxNow;
  private double maxBefore;
  private int sinceRotate;
  /** The largest size fitted recently as of the last solve, for judges (a volatile write per fit would cost more than the fit). */
  private volatile double top;
  /** The warm-up calls, until the first fit; null afterwards. */
  private int[] heldTokens;
  private float[] heldSeconds;
  private int held;

  LengthModel(BaselineConfig config) {
    this.keep = 1 - 1.0 / config.window();
    this.window = config.window();
    this.warmUp = config.warmUp();
    this.recomputeEvery = config.recomputeEvery();
    int n = Math.min(warmUp, MAX_HELD);
    this.heldTokens = new int[n];
    this.heldSeconds = new float[n];
  }

  /** Expected duration (s) for this size (output tokens, batch items); NaN until warm-up fits. */
  double expected(long size) {
    double top = this.top;
    return size <= top ? line(size) : line(top) * (size / top);
  }

  private double line(double size) {
    // A negative intercept can come out of noise; never expect less than a tenth of the mean level.
    return Math.max(a + b * size, 0.1 * sy / s0);
  }

  /** Whether this size is beyond those fitted recently: its expectation is the generous extrapolation. */
  boolean beyond(long size) {
    return size > top;
  }

  boolean ready() {
    return !Double.isNaN(a);
  }

  /**
   * @param expected what {@link #expected} said for this call once ready (its weight is 1/expected^2); NaN
   *     before, or when the expectation was an extrapolation: then the duration itself sets the weight
   */
  void fit(long tokens, double seconds, double expected) {
    if (heldTokens != null) {
      hold(tokens, seconds);
      return;
    }
    double scale = Double.isNaN(expected) ? seconds : expected;
    add(tokens, seconds, 1 / (scale * scale));
    if (++sinceSolve >= recomputeEvery && fits >= warmUp) {
      sinceSolve = 0;
      solve();
    }
  }

  private void hold(long tokens, double seconds) {
    heldTokens[held] = (int) Math.min(tokens, Integer.MAX_VALUE);
    heldSeconds[held] = (float) seconds;
    if (++held < heldTokens.length) {
      return;
    }
    for (int i = 0; i < held; i++) {
      add(heldTokens[i], heldSeconds[i], 1);
    }
    solve();
    double firstA = a;
    double firstB = b;
    double floor = 0.1 * sy / s0;
    s0 = sn = snn = sy = sny = 0;
    fits = 0;
    maxNow = maxBefore = 0;
    sinceRotate = 0;
    for (int i = 0; i < held; i++) {
      double first = Math.max(firstA + firstB * heldTokens[i], floor);
      if (heldSeconds[i] <= OUTLIER * first) {
        add(heldTokens[i], heldSeconds[i], 1 / (first * first));
      }
    }
    solve();
    heldTokens = null;
    heldSeconds = null;
  }

  private void add(long tokens, double seconds, double weight) {
    double n = tokens;
    double w = weight > 0 && weight < Double.POSITIVE_INFINITY ? weight : 1;
    s0 = s0 * keep + w;
    sn = sn * keep + w * n;
    snn = snn * keep + w * n * n;
    sy = sy * keep + w * seconds;
    sny = sny * keep + w * n * seconds;
    maxNow = Math.max(n, maxNow);
    if (++sinceRotate >= window) {
      maxBefore = maxNow;
      maxNow = 0;
      sinceRotate = 0;
    }
    fits++;
  }

  private void solve() {
    double det = s0 * snn - sn * sn;
    double slope = 0;
    // All lengths (nearly) equal: no slope to learn, the mean is the expectation.
    if (det > 1e-9 * s0 * snn) {
      slope = Math.max(0, (s0 * sny - sn * sy) / det);
    }
    b = slope;
    a = (sy - slope * sn) / s0;
    top = Math.max(maxNow, maxBefore);
  }

  /**
   * The key's level moved by factor r: move the fit with it. The past calls' relative weights
   * ({@code 1/expected^2}) move too, or the new level's calls would weigh r^2 times less than the old ones.
   */
  void scale(double r) {
    double w = 1 / (r * r);
    s0 *= w;
    sn *= w;
    snn *= w;
    sy *= r * w;
    sny *= r * w;
    if (ready()) {
      solve();
    }
  }

  long fits() {
    return fits;
  }

  /** A typical size: the weighted mean of the sizes fitted (weighted towards the cheaper calls). */
  double typicalSize() {
    return sn / s0;
  }
}
