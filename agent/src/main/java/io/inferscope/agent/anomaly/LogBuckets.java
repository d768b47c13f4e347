package io.inferscope.agent.anomaly;

/**
 * Log-spaced latency buckets: 5 per octave (relative width 2^(1/5) - 1 = 14.9 %) over
 * 2^-20 s (0.95 µs) .. 2^10 s (1024 s), 150 buckets in all. Five per octave rather than more is what
 * keeps two 16-bit windows (600 bytes) and so an LLM key's two baselines under 2 KB; quantiles are
 * interpolated inside a bucket, and the detector never relies on a spread finer than 25 %.
 *
 * <p>The index comes from the bits of the double, not from {@link Math#log}: the exponent gives the
 * octave, and log2 of the mantissa 1+m is approximated by {@code m + C m (1 - m)} (max error 0.0077
 * octave, 4 % of a bucket), so buckets are almost equally wide in log space at the cost of a few
 * multiplications. A plain top-mantissa-bits split would make buckets 2x wider at the bottom of each
 * octave than at the top. The approximation is monotonic and exact at octave boundaries, and the
 * bounds below are computed from its exact inverse, so {@link #index} and {@link #lower} agree.
 *
 * <p>Values below the range (and NaN or negatives) fall in bucket 0, values above it in the last one.
 */
final class LogBuckets {
  static final int PER_OCTAVE = 5;
  static final int MIN_EXPONENT = -20;
  static final int OCTAVES = 30;
  static final int COUNT = PER_OCTAVE * OCTAVES;
  static final double MIN_VALUE = 0x1p-20;
  static final double MAX_VALUE = 0x1p10;

  /** Best single coefficient for log2(1+m) ~ m + C m (1-m) on [0,1) (minimax, found numerically). */
  private static final double C = 0.3466;
  private static final long MANTISSA_MASK = 0x000F_FFFF_FFFF_FFFFL;

  /** LOWER[i] = smallest value of bucket i; LOWER[COUNT] = MAX_VALUE. */
  private static final double[] LOWER = new double[COUNT + 1];

  static {
    for (int i = 0; i <= COUNT; i++) {
      int octave = Math.floorDiv(i, PER_OCTAVE);
      double f = (i - octave * PER_OCTAVE) / (double) PER_OCTAVE;
      // Solve m + C m (1 - m) = f for m in [0,1): C m^2 - (1 + C) m + f = 0, smaller root.
      double m = ((1 + C) - Math.sqrt((1 + C) * (1 + C) - 4 * C * f)) / (2 * C);
      LOWER[i] = Math.scalb(1 + m, MIN_EXPONENT + octave);
    }
  }

  private LogBuckets() {}

  /** Bucket of a latency in seconds; O(1), no allocation, no transcendental function. */
  static int index(double seconds) {
    if (!(seconds > MIN_VALUE)) {
      return 0;
    }
    if (seconds >= MAX_VALUE) {
      return COUNT - 1;
    }
    long bits = Double.doubleToRawLongBits(seconds);
    int exponent = (int) (bits >>> 52) - 1023;
    double m = (bits & MANTISSA_MASK) * 0x1p-52;
    double log2 = exponent + m + C * m * (1 - m);
    int i = (int) ((log2 - MIN_EXPONENT) * PER_OCTAVE);
    // Rounding can only push a value a hair over an edge; keep the index in range regardless.
    return i < 0 ? 0 : Math.min(i, COUNT - 1);
  }

  /**
   * log2(x) to within 0.008 for normal positive doubles, from the bits (a few ns cheaper than Math.log;
   * used only to rank, never to report). Zero, subnormals and negatives give about -1023.
   */
  static double log2(double x) {
    long bits = Double.doubleToRawLongBits(x);
    int exponent = (int) ((bits >>> 52) & 0x7FF) - 1023;
    double m = (bits & MANTISSA_MASK) * 0x1p-52;
    return exponent + m + C * m * (1 - m);
  }

  /** Lower bound (seconds) of bucket i, 0 <= i <= COUNT. */
  static double lower(int i) {
    return LOWER[i];
  }

  /** The value at fraction f (0..1) through bucket i, linear inside the bucket (it is only 15 % wide). */
  static double interpolate(int i, double f) {
    return LOWER[i] + f * (LOWER[i + 1] - LOWER[i]);
  }

  /** The multiplicative change that moves a value d buckets. */
  static double factorOf(int d) {
    return Math.pow(2, d / (double) PER_OCTAVE);
  }

  /** Number of buckets a multiplicative change by factor r moves a value (rounded). */
  static int shiftFor(double r) {
    return (int) Math.round(PER_OCTAVE * Math.log(r) / Math.log(2));
  }
}
