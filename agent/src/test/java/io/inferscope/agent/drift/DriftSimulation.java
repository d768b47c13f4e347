package io.inferscope.agent.drift;

import java.util.Locale;
import java.util.Random;

/**
 * Seeded streams for the drift tests: class predictions (a score vector per item whose argmax is drawn
 * from a class mix) and scalar outputs (normal values), each stable, then shifted, then back. {@link #main}
 * prints what the tests assert, over many seeds: the largest PSI seen while stable, PSI after the shift,
 * the delay to the flag and the number of flags.
 */
public final class DriftSimulation {
  static final int CLASSES = 10;
  /** A typical skewed class mix, down to 1 % for the rarest class. */
  static final double[] STABLE_MIX = {0.30, 0.20, 0.15, 0.10, 0.08, 0.06, 0.05, 0.03, 0.02, 0.01};
  /** Half of class 0's share moves to the rarest class: PSI about 0.52. */
  static final double[] SHIFTED_MIX = {0.15, 0.20, 0.15, 0.10, 0.08, 0.06, 0.05, 0.03, 0.02, 0.16};
  /** Scalar outputs move by 0.8 standard deviations. */
  static final double SHIFT = 0.8;

  /** One feed of a stream into a summary, read every evaluation. */
  interface Feed {
    void next(Random random, boolean shifted);
  }

  /** What one phase of a run saw. */
  record Phase(double maxPsi, double lastPsi, int flagsAtEnd, int firstFlagAfter) {}

  private DriftSimulation() {}

  static Feed classes(ClassOutputSummary summary) {
    float[] row = new float[CLASSES];
    return (random, shifted) -> {
      double[] mix = shifted ? SHIFTED_MIX : STABLE_MIX;
      double u = random.nextDouble();
      int chosen = CLASSES - 1;
      for (int c = 0; c < CLASSES; c++) {
        u -= mix[c];
        if (u < 0) {
          chosen = c;
          break;
        }
      }
      float max = 0;
      for (int c = 0; c < CLASSES; c++) {
        row[c] = (float) random.nextGaussian();
        max = Math.max(max, row[c]);
      }
      row[chosen] = max + 1 + random.nextFloat();
      summary.observeRow(row, 0, CLASSES);
    };
  }

  static Feed scalars(ScalarOutputSummary summary) {
    return scalars(summary, SHIFT);
  }

  /** Normal values, moved by {@code shift} standard deviations when shifted. */
  static Feed scalars(ScalarOutputSummary summary, double shift) {
    return (random, shifted) -> summary.observe(random.nextGaussian() + (shifted ? shift : 0));
  }

  /** Share of seeds whose scalar stream, after 2000 stable observations, is flagged within 5000 shifted ones. */
  static double recall(double shift, int seeds) {
    int flagged = 0;
    for (int seed = 0; seed < seeds; seed++) {
      Random random = new Random(1000 + seed);
      ScalarOutputSummary summary = new ScalarOutputSummary("m", "y", DriftSettings.defaults(), null);
      Feed feed = scalars(summary, shift);
      run(summary, feed, random, 2_000, false);
      flagged += run(summary, feed, random, 5_000, true).flagsAtEnd() > 0 ? 1 : 0;
    }
    return flagged / (double) seeds;
  }

  /** Feeds {@code n} items and watches PSI after each evaluation (every {@code evaluateEvery} items). */
  static Phase run(DriftSummary summary, Feed feed, Random random, int n, boolean shifted) {
    int every = summary.settings.evaluateEvery();
    int flagsBefore = summary.flags();
    double max = Double.NaN;
    int firstFlag = -1;
    for (int i = 1; i <= n; i++) {
      feed.next(random, shifted);
      if (i % every == 0) {
        double psi = summary.lastPsi();
        if (!Double.isNaN(psi) && !(psi <= max)) {
          max = psi;
        }
        if (firstFlag < 0 && summary.flags() > flagsBefore) {
          firstFlag = i;
        }
      }
    }
    return new Phase(max, summary.lastPsi(), summary.flags(), firstFlag);
  }

  public static void main(String[] args) {
    int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    DriftSettings settings = DriftSettings.defaults();
    for (String kind : new String[] {"class", "scalar"}) {
      double worstStable = 0;
      double lowestShifted = Double.MAX_VALUE;
      int maxDelay = 0;
      long delays = 0;
      int badFlags = 0;
      for (int seed = 0; seed < seeds; seed++) {
        Random random = new Random(seed);
        DriftSummary summary = kind.equals("class")
            ? new ClassOutputSummary("m", "probs", settings, null) : new ScalarOutputSummary("m", "y", settings, null);
        Feed feed = summary instanceof ClassOutputSummary c ? classes(c) : scalars((ScalarOutputSummary) summary);
        Phase stable = run(summary, feed, random, 20_000, false);
        Phase shifted = run(summary, feed, random, 5_000, true);
        worstStable = Math.max(worstStable, stable.maxPsi());
        lowestShifted = Math.min(lowestShifted, shifted.lastPsi());
        maxDelay = Math.max(maxDelay, shifted.firstFlagAfter());
        delays += shifted.firstFlagAfter();
        badFlags += stable.flagsAtEnd() != 0 || shifted.flagsAtEnd() != 1 ? 1 : 0;
      }
      System.out.printf(Locale.ROOT,
          "%-6s %d seeds: max PSI while stable %.4f, min PSI after shift %.3f, flag after %.0f items on average"
              + " (at most %d), seeds with other than exactly one flag: %d%n",
          kind, seeds, worstStable, lowestShifted, delays / (double) seeds, maxDelay, badFlags);
    }
    StringBuilder recall = new StringBuilder("recall of scalar shifts (share of seeds flagged within 5000 observations):");
    for (double shift : new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.8}) {
      recall.append(String.format(Locale.ROOT, " %.1f sd %.0f%%", shift, 100 * recall(shift, seeds)));
    }
    System.out.println(recall);
  }
}
