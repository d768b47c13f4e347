package io.inferscope.agent.anomaly;

/**
 * Expected duration of a non-streamed LLM call for its output length: {@code a + b * tokens}, fitted online
 * by exponentially weighted least squares (forgetting over about one window).
 *
 * <p>Why: without a time to first chunk, duration/tokens is not a per-token speed (the fixed part, queueing
 * and prefill, makes short answers look "slow per token"), and raw duration makes long answers look slow.
 * Judging {@code duration / expected(tokens)} against a {@link LatencyBaseline} of such ratios handles both:
 * a 2000-token answer at normal speed has a ratio near 1. Flagged calls are not fitted (same reason as the
 * histograms); a level shift moves the model ({@link #scale}).
 *
 * <p>Warm-up: least squares is not robust, and a key's first calls are often its slowest (a cold SDK: class
 * loading, JIT, connection set-up; 870 ms against 50 ms in the sample application). Kept in the sums, such a
 * call drags the fit for a whole window, and the ratios of normal calls then look off. So the first
 * calls (up to {@value #MAX_HELD}) are held, fitted, and fitted again without those slower than
 * {@value #OUTLIER}x what the first fit expects for their length; the samples are then dropped.
 *
 * <p>Cost: five multiply-adds per fit, one multiply-add per prediction; coefficients are solved every
 * {@code recomputeEvery} fits. Single writer, like the baseline.
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
  /** The warm-up calls, until the first fit; null afterwards. */
  private int[] heldTokens;
  private float[] heldSeconds;
  private int held;

  LengthModel(BaselineConfig config) {
    this.keep = 1 - 1.0 / config.window();
    this.warmUp = config.warmUp();
    this.recomputeEvery = config.recomputeEvery();
    int n = Math.min(warmUp, MAX_HELD);
    this.heldTokens = new int[n];
    this.heldSeconds = new float[n];
  }

  /** Expected duration (s) for this many output tokens; NaN until warm-up fits. */
  double expected(long tokens) {
    // A negative intercept can come out of noise; never expect less than a tenth of the mean level.
    return Math.max(a + b * tokens, 0.1 * sy / s0);
  }

  boolean ready() {
    return !Double.isNaN(a);
  }

  void fit(long tokens, double seconds) {
    if (heldTokens != null) {
      hold(tokens, seconds);
      return;
    }
    add(tokens, seconds);
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
      add(heldTokens[i], heldSeconds[i]);
    }
    solve();
    double firstA = a;
    double firstB = b;
    double floor = 0.1 * sy / s0;
    s0 = sn = snn = sy = sny = 0;
    fits = 0;
    for (int i = 0; i < held; i++) {
      if (heldSeconds[i] <= OUTLIER * Math.max(firstA + firstB * heldTokens[i], floor)) {
        add(heldTokens[i], heldSeconds[i]);
      }
    }
    solve();
    heldTokens = null;
    heldSeconds = null;
  }

  private void add(long tokens, double seconds) {
    double n = tokens;
    s0 = s0 * keep + 1;
    sn = sn * keep + n;
    snn = snn * keep + n * n;
    sy = sy * keep + seconds;
    sny = sny * keep + n * seconds;
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
  }

  /** The key's level moved by factor r: move the fit with it. */
  void scale(double r) {
    sy *= r;
    sny *= r;
    if (ready()) {
      solve();
    }
  }

  long fits() {
    return fits;
  }
}
