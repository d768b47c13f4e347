package io.inferscope.agent.drift;

/**
 * Population Stability Index of a current distribution against a reference over the same bins:
 * {@code PSI = Σ (c_i − r_i) · ln(c_i / r_i)} on proportions. It is symmetric, never negative, and 0 for
 * identical distributions. The usual reading: below 0.1 stable, 0.1 to 0.2 a moderate shift, above 0.2 a
 * significant one.
 *
 * <p>Smoothing: a proportion below {@link #EPSILON} counts as {@link #EPSILON}, so a bin that is empty on
 * one side gives a finite term instead of infinity. 1e-4 is the floor common PSI implementations use; it
 * makes a bin that goes from nothing to 1 % of traffic add 0.01 · ln(100) ≈ 0.046 (noise, on its own),
 * and one that goes from nothing to 10 % add 0.1 · ln(1000) ≈ 0.69 (drift). A bin empty on both sides
 * adds exactly 0. Floored proportions are not renormalised: that keeps PSI of identical distributions
 * exactly 0 whatever their totals, and the error is at most EPSILON per empty bin.
 *
 * <p>Sampling noise: two windows of n_r and n_c observations drawn from the same distribution over B
 * bins give PSI ≈ (B − 1)(1/n_r + 1/n_c) on average (PSI is symmetric KL, ≈ χ²/n). With the default
 * 1000-observation windows that is 0.018 for 10 bins and 0.13 for 65: windows must hold about 20
 * observations per used bin for the 0.1 / 0.2 readings to mean what they usually mean.
 */
public final class Psi {
  /** Smallest proportion a bin counts with (see the class comment). */
  public static final double EPSILON = 1e-4;

  private Psi() {}

  /**
   * PSI between two count vectors over the first {@code bins} bins; NaN when either total is 0.
   * No allocation: called under a summary's lock.
   */
  public static double of(int[] reference, long referenceTotal, int[] current, long currentTotal, int bins) {
    if (referenceTotal <= 0 || currentTotal <= 0) {
      return Double.NaN;
    }
    double r = 1.0 / referenceTotal;
    double c = 1.0 / currentTotal;
    double psi = 0;
    for (int i = 0; i < bins; i++) {
      int ri = reference[i];
      int ci = current[i];
      if (ri == 0 && ci == 0) {
        continue; // both floored to EPSILON: the term is exactly 0, and the log is the costly part
      }
      psi += term(ri * r, ci * c);
    }
    return psi;
  }

  /** PSI between two distributions given as proportions (each summing to about 1). */
  public static double of(double[] reference, double[] current) {
    if (reference.length != current.length) {
      throw new IllegalArgumentException("reference has " + reference.length + " bins, current " + current.length);
    }
    double psi = 0;
    for (int i = 0; i < reference.length; i++) {
      psi += term(reference[i], current[i]);
    }
    return psi;
  }

  /** One bin's term, both proportions floored at {@link #EPSILON}. */
  static double term(double reference, double current) {
    double r = Math.max(reference, EPSILON);
    double c = Math.max(current, EPSILON);
    return r == c ? 0 : (c - r) * Math.log(c / r);
  }
}
