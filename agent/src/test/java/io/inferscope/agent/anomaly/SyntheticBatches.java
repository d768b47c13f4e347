package io.inferscope.agent.anomaly;

import io.inferscope.agent.anomaly.SyntheticLatency.Label;
import io.inferscope.agent.anomaly.SyntheticLatency.Series;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded serving traffic whose batch sizes vary by 1000x, for {@link BatchEvaluation}: what real serving
 * series showed and the other generators lacked (docs/anomaly-sampler.md, "Measured from outside").
 *
 * <p>A call of n items takes a fixed cost (dispatch, copies: log-normal 2 ms, sigma 0.2) plus n times a
 * per-item cost (log-normal 10 us, sigma 0.1), so 1 item takes ~2 ms and 30 000 items ~300 ms. Injected
 * slowdowns (1 % of the calls, as {@link SyntheticLatency} does it from a second generator, so the normal
 * calls are the same in both versions) are the call made slow as a whole, both costs times the same factor
 * (contention or a throttled core slows everything), to 2..6x the clean p99 for that batch size: so a
 * slow batch of 3 items is as much an anomaly as a slow batch of 20 000, and small batches get their share
 * (sizes are drawn log-uniformly).
 */
final class SyntheticBatches {
  static final double FIXED = 0.002;
  static final double PER_ITEM = 0.000_010;
  static final int MAX_BATCH = 30_000;

  private SyntheticBatches() {}

  static List<Series> all(long seed, boolean inject) {
    return List.of(logUniform(seed, inject), byLoad(seed, inject));
  }

  /** Batch sizes log-uniform over 1..30 000 throughout. */
  static Series logUniform(long seed, boolean inject) {
    Series s = new Series("batches 1-30000", false, false);
    SplittableRandom base = new SplittableRandom(seed + 20);
    SplittableRandom inj = new SplittableRandom((seed + 20) * 31 + 7);
    for (int i = 0; i < SyntheticLatency.LENGTH; i++) {
      fill(s, i, logUniform(base, 1, MAX_BATCH), base, inject ? inj : null);
    }
    return s;
  }

  /**
   * Dynamic batching under changing load: quiet spells of 1..30 items and busy spells of 3 000..30 000
   * items, 2000 calls each, quiet first (so the detector meets big batches only after warm-up).
   */
  static Series byLoad(long seed, boolean inject) {
    Series s = new Series("batches by load", false, false);
    SplittableRandom base = new SplittableRandom(seed + 21);
    SplittableRandom inj = new SplittableRandom((seed + 21) * 31 + 7);
    for (int i = 0; i < SyntheticLatency.LENGTH; i++) {
      boolean busy = (i / 2000) % 2 == 1;
      long n = busy ? logUniform(base, 3_000, MAX_BATCH) : logUniform(base, 1, 30);
      fill(s, i, n, base, inject ? inj : null);
    }
    return s;
  }

  private static void fill(Series s, int i, long n, SplittableRandom base, SplittableRandom inj) {
    s.batch[i] = n;
    s.duration[i] = draw(base, n);
    // About 1 % of the scored calls; no minimum spacing (SyntheticLatency's injector keeps spikes 20 calls
    // apart so that each is judged against a baseline its predecessor did not touch; flagged calls are not
    // learned from anyway).
    if (inj != null && i >= SyntheticLatency.WARM_UP && inj.nextDouble() < 0.01) {
      s.duration[i] = p99(n) * (2 + 4 * inj.nextDouble());
      s.label[i] = Label.SPIKE;
    }
  }

  static double draw(SplittableRandom r, long n) {
    return SyntheticLatency.logNormal(r, FIXED, 0.2) + n * SyntheticLatency.logNormal(r, PER_ITEM, 0.1);
  }

  /** Clean p99 for a batch of n (by simulation, fixed seed). */
  static double p99(long n) {
    return SyntheticLatency.p99(r -> draw(r, n), 2000);
  }

  private static long logUniform(SplittableRandom r, long lo, long hi) {
    return Math.round(Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * r.nextDouble()));
  }
}
