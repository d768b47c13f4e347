package io.inferscope.agent.anomaly;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Exported fraction in an anomaly storm: 60000 calls at 200/s (log-normal 20 ms, sigma 0.25), of which
 * calls 20000..32000 (60 s) are 30 % spikes at 2..8x p99. Exported = flagged calls through a token bucket
 * of {@link #RATE_CAP} per second, plus the trace-id-sampled base fraction; flagged calls are all counted.
 */
final class StormEvaluation {
  static final double STORM_RATE = 200;
  static final double RATE_CAP = 10;
  static final int CALLS = 60_000;
  static final int FROM = 20_000;
  static final int TO = 32_000;

  record Storm(String policy, double normalFraction, double stormFraction, long flagged, long exported) {}

  private StormEvaluation() {}

  static List<Storm> storm(long seed, AnomalySettings settings) {
    SplittableRandom r = new SplittableRandom(seed + 99);
    double p99 = 0.020 * Math.exp(2.3263 * 0.25);
    double[] d = new double[CALLS];
    for (int i = 0; i < CALLS; i++) {
      d[i] = SyntheticLatency.logNormal(r, 0.020, 0.25);
      if (i >= FROM && i < TO && r.nextDouble() < 0.3) {
        d[i] = p99 * (2 + 6 * r.nextDouble());
      }
    }
    double[] warm = Arrays.copyOf(d, SyntheticLatency.WARM_UP);
    Arrays.sort(warm);
    FixedThresholdPolicy fixed =
        new FixedThresholdPolicy((long) Math.ceil(warm[(int) (0.99 * warm.length)] * 1000));
    long[] now = {0};
    AnomalyDetector det = new AnomalyDetector(settings, () -> now[0]);
    AnomalyKey key = new AnomalyKey("storm", "run", false);
    List<Storm> out = new ArrayList<>();
    for (int policy = 0; policy < 2; policy++) {
      double tokens = RATE_CAP;
      double last = 0;
      long flagged = 0;
      long stormExported = 0;
      long normalExported = 0;
      for (int i = 0; i < CALLS; i++) {
        double t = i / STORM_RATE;
        now[0] = (long) (t * 1e9);
        boolean flag = policy == 0 ? det.judge(key, d[i], false).anomalous() : fixed.flags(d[i], false);
        if (i < SyntheticLatency.WARM_UP) {
          continue;
        }
        tokens = Math.min(RATE_CAP, tokens + (t - last) * RATE_CAP);
        last = t;
        boolean export = AnomalyEvaluation.sampled(seed, i, AnomalyEvaluation.BASE_PROBABILITY);
        if (flag) {
          flagged++;
          if (!export && tokens >= 1) {
            tokens -= 1;
            export = true;
          }
        }
        if (export && i >= FROM && i < TO) {
          stormExported++;
        } else if (export) {
          normalExported++;
        }
      }
      int normalCalls = CALLS - SyntheticLatency.WARM_UP - (TO - FROM);
      out.add(new Storm(policy == 0 ? "detector" : "fixed", normalExported / (double) normalCalls,
          stormExported / (double) (TO - FROM), flagged, normalExported + stormExported));
    }
    return out;
  }
}
