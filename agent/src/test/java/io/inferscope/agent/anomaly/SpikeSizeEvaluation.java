package io.inferscope.agent.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Recall by spike size on a stationary log-normal stream (20 ms, sigma 0.25), 1 % spikes at exactly
 * {@code factor x} the clean p99: how big an anomaly must be to be caught. A fixed threshold at p99 catches
 * anything above p99, at the price of flagging 1 % of normal traffic; the detector trades the smallest
 * spikes for a false-positive rate ~50x lower.
 */
final class SpikeSizeEvaluation {
  static final double[] FACTORS = {1.2, 1.35, 1.5, 2, 3};

  record Size(double factor, double detectorRecall, double fixedRecall) {}

  private SpikeSizeEvaluation() {}

  static List<Size> recallBySize(long seed, AnomalySettings settings) {
    List<Size> out = new ArrayList<>();
    double p99 = 0.020 * Math.exp(2.3263 * 0.25);
    for (double factor : FACTORS) {
      SplittableRandom r = new SplittableRandom(seed + 77);
      int n = 20_000;
      double[] d = new double[n];
      boolean[] spike = new boolean[n];
      for (int i = 0; i < n; i++) {
        d[i] = SyntheticLatency.logNormal(r, 0.020, 0.25);
        if (i >= SyntheticLatency.WARM_UP && i % 100 == 50) {
          d[i] = p99 * factor;
          spike[i] = true;
        }
      }
      double[] warm = Arrays.copyOf(d, SyntheticLatency.WARM_UP);
      Arrays.sort(warm);
      FixedThresholdPolicy fixed =
          new FixedThresholdPolicy((long) Math.ceil(warm[(int) (0.99 * warm.length)] * 1000));
      AnomalyDetector det = new AnomalyDetector(settings);
      AnomalyKey key = new AnomalyKey("size", "run", false);
      int spikes = 0;
      int byDetector = 0;
      int byFixed = 0;
      for (int i = 0; i < n; i++) {
        boolean flagged = det.judge(key, d[i], false).anomalous();
        if (spike[i]) {
          spikes++;
          byDetector += flagged ? 1 : 0;
          byFixed += fixed.flags(d[i], false) ? 1 : 0;
        }
      }
      out.add(new Size(factor, byDetector / (double) spikes, byFixed / (double) spikes));
    }
    return out;
  }
}
