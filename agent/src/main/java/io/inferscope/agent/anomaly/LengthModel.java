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
 * <p>Cost: five multiply-adds per fit, one multiply-add per prediction; coefficients are solved every
 * {@code recomputeEvery} fits. Single writer, like the baseline.
 */
final class LengthModel {
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

  LengthModel(BaselineConfig config) {
    this.keep = 1 - 1.0 / config.window();
    this.warmUp = config.warmUp();
    this.recomputeEvery = config.recomputeEvery();
  }

  /** Expected duration (s) for this many output tokens; NaN until warm-up fits. */
  double expected(long tokens) {
    double e = a + b * tokens;
    // A negative intercept can come out of noise; never expect less than a tenth of the mean level.
    return Math.max(e, 0.1 * sy / s0);
  }

  boolean ready() {
    return !Double.isNaN(a);
  }

  void fit(long tokens, double seconds) {
    double n = tokens;
    s0 = s0 * keep + 1;
    sn = sn * keep + n;
    snn = snn * keep + n * n;
    sy = sy * keep + seconds;
    sny = sny * keep + n * seconds;
    fits++;
    if (++sinceSolve >= (ready() ? recomputeEvery : 8) && fits >= warmUp) {
      sinceSolve = 0;
      solve();
    }
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
