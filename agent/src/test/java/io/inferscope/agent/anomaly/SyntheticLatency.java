package io.inferscope.agent.anomaly;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Seeded synthetic latency series with labelled anomalies, for {@link AnomalyEvaluation}.
 *
 * <p>Every series comes in two versions from the same seed: {@code inject = true} adds spikes, variance
 * bursts and LLM slow calls (drawn from a second generator, so the normal calls are identical in both);
 * {@code inject = false} is the clean stream used for false positives and exported fractions. Negative
 * cases (slow drift, level shifts, a change of mode mix, bursts of long LLM outputs) are in both.
 *
 * <p>An injected value is an anomaly only when it is unambiguous: at least twice the clean p99 for its
 * situation (regime, drift level, output length). Spikes are drawn at 2..8x that p99. Variance-burst calls
 * (sigma x3) are anomalies above that bar, normal at or below the clean p99, and ambiguous (not scored)
 * in between.
 */
final class SyntheticLatency {
  /** Calls before this index are warm-up: not scored, and what the fixed threshold is tuned on. */
  static final int WARM_UP = 1000;
  static final int LENGTH = 20_000;
  /** Calls per second of synthetic time. */
  static final double RATE = 100;

  enum Label {
    NORMAL(false, true),
    /** Negative case: a burst of long LLM answers at normal speed. Must not be flagged. */
    LONG_OUTPUT(false, true),
    SPIKE(true, false),
    BURST_ANOMALY(true, false),
    ERROR(true, false),
    /** In a variance burst, between the clean p99 and 2x it: not scored. */
    AMBIGUOUS(false, false),
    /** The first calls after a level shift: not scored (reported as detection delay instead). */
    SETTLING(false, false),
    WARM_UP(false, false);

    final boolean anomaly;
    final boolean normal;

    Label(boolean anomaly, boolean normal) {
      this.anomaly = anomaly;
      this.normal = normal;
    }
  }

  /** One labelled series; arrays are indexed by call. */
  static final class Series {
    final String name;
    final boolean llm;
    final boolean streamed;
    final double[] duration = new double[LENGTH];
    final double[] ttft = new double[LENGTH];
    final long[] tokens = new long[LENGTH];
    /** Items per call for model calls with a batch size ({@link SyntheticBatches}); -1 elsewhere. */
    final long[] batch = new long[LENGTH];
    final boolean[] error = new boolean[LENGTH];
    final Label[] label = new Label[LENGTH];
    int[] shiftOnsets = new int[0];
    double[] shiftFactors = new double[0];

    Series(String name, boolean llm, boolean streamed) {
      this.name = name;
      this.llm = llm;
      this.streamed = streamed;
      Arrays.fill(ttft, Double.NaN);
      Arrays.fill(tokens, -1);
      Arrays.fill(batch, -1);
      Arrays.fill(label, Label.NORMAL);
      Arrays.fill(label, 0, WARM_UP, Label.WARM_UP);
    }

    int length() {
      return LENGTH;
    }
  }

  static List<Series> all(long seed, boolean inject) {
    return List.of(unimodal(seed, inject), tight(seed, inject), bimodal(seed, inject), drift(seed, inject),
        levelShifts(seed, inject), llm(seed, inject, true), llm(seed, inject, false));
  }

  static double logNormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * r.nextGaussian());
  }

  /** p99 of a distribution by simulation (fixed seed: the same "truth" in both versions). */
  static double p99(ToDoubleFunction<SplittableRandom> draw, int draws) {
    SplittableRandom r = new SplittableRandom(12345);
    double[] v = new double[draws];
    for (int i = 0; i < draws; i++) {
      v[i] = draw.applyAsDouble(r);
    }
    Arrays.sort(v);
    return v[(int) (0.99 * draws)];
  }

  /** Decides where spikes go: ~rate of the scored calls, at least 20 calls apart. */
  private static final class Injector {
    final SplittableRandom r;
    final boolean on;
    int last = -100;

    Injector(long seed, boolean on) {
      this.r = new SplittableRandom(seed * 31 + 7);
      this.on = on;
    }

    boolean spikeAt(int i, Label current, double rate) {
      if (!on || current != Label.NORMAL || i - last < 20 || r.nextDouble() >= rate) {
        return false;
      }
      last = i;
      return true;
    }

    double factor(double lo, double hi) {
      return lo + (hi - lo) * r.nextDouble();
    }
  }

  /** Log-normal 20 ms, sigma 0.25; 1 % spikes, three variance bursts, 0.2 % errors (timeouts and fast failures). */
  static Series unimodal(long seed, boolean inject) {
    return logNormalSeries("unimodal", seed, inject, 0.020, 0.25, true);
  }

  /** A very steady model: log-normal 8 ms, sigma 0.06; 1 % spikes and bursts. */
  static Series tight(long seed, boolean inject) {
    return logNormalSeries("tight", seed + 1, inject, 0.008, 0.06, false);
  }

  private static Series logNormalSeries(String name, long seed, boolean inject, double median,
      double sigma, boolean errors) {
    Series s = new Series(name, false, false);
    SplittableRandom base = new SplittableRandom(seed);
    Injector inj = new Injector(seed, inject);
    double p99 = median * Math.exp(2.3263 * sigma);
    int[][] bursts = {{6000, 6200}, {12000, 12200}, {17000, 17200}};
    for (int i = 0; i < LENGTH; i++) {
      double clean = logNormal(base, median, sigma);
      s.duration[i] = clean;
      if (!inject || i < WARM_UP) {
        continue;
      }
      if (in(bursts, i)) {
        // Same draw, three times the spread: the burst's values straddle normal and anomalous.
        double v = median * Math.pow(clean / median, 3);
        s.duration[i] = v;
        s.label[i] = v > 2 * p99 ? Label.BURST_ANOMALY : v > p99 ? Label.AMBIGUOUS : Label.NORMAL;
      } else if (errors && inj.spikeAt(i, s.label[i], 0.002)) {
        s.error[i] = true;
        s.duration[i] = inj.r.nextBoolean() ? 30.0 : 0.001;
        s.label[i] = Label.ERROR;
      } else if (inj.spikeAt(i, s.label[i], 0.01)) {
        s.duration[i] = p99 * inj.factor(2, 8);
        s.label[i] = Label.SPIKE;
      }
    }
    return s;
  }

  /**
   * Cache hit or miss: 8 ms and 60 ms (sigma 0.2), 70/30, turning 40/60 halfway (the mix change is
   * normal); 1 % spikes at 2..8x the current mix's p99.
   */
  static Series bimodal(long seed, boolean inject) {
    Series s = new Series("bimodal", false, false);
    SplittableRandom base = new SplittableRandom(seed + 2);
    Injector inj = new Injector(seed + 2, inject);
    double p99Before = p99(r -> mix(r, 0.7), 200_000);
    double p99After = p99(r -> mix(r, 0.4), 200_000);
    for (int i = 0; i < LENGTH; i++) {
      double fast = i < LENGTH / 2 ? 0.7 : 0.4;
      s.duration[i] = mix(base, fast);
      if (inj.spikeAt(i, s.label[i], 0.01)) {
        s.duration[i] = (i < LENGTH / 2 ? p99Before : p99After) * inj.factor(2, 8);
        s.label[i] = Label.SPIKE;
      }
    }
    return s;
  }

  private static double mix(SplittableRandom r, double fastShare) {
    boolean fast = r.nextDouble() < fastShare;
    return logNormal(r, fast ? 0.008 : 0.060, 0.2);
  }

  /** Slow drift: the median rises 20 ms -> 50 ms across the series (normal); 1 % spikes. */
  static Series drift(long seed, boolean inject) {
    Series s = new Series("drift", false, false);
    SplittableRandom base = new SplittableRandom(seed + 3);
    Injector inj = new Injector(seed + 3, inject);
    for (int i = 0; i < LENGTH; i++) {
      double median = 0.020 * (1 + 1.5 * i / LENGTH);
      s.duration[i] = logNormal(base, median, 0.25);
      if (inj.spikeAt(i, s.label[i], 0.01)) {
        s.duration[i] = median * Math.exp(2.3263 * 0.25) * inj.factor(2, 8);
        s.label[i] = Label.SPIKE;
      }
    }
    return s;
  }

  /**
   * Level shifts (normal once settled): x3 at 5000, back to x1 at 10000, x1.8 at 15000 (20 ms, sigma
   * 0.25). The 300 calls after each shift are not scored; 1 % spikes elsewhere, relative to the level.
   */
  static Series levelShifts(long seed, boolean inject) {
    Series s = new Series("level shifts", false, false);
    s.shiftOnsets = new int[] {5000, 10000, 15000};
    s.shiftFactors = new double[] {3, 1, 1.8};
    SplittableRandom base = new SplittableRandom(seed + 4);
    Injector inj = new Injector(seed + 4, inject);
    for (int i = 0; i < LENGTH; i++) {
      double level = 1;
      for (int k = 0; k < s.shiftOnsets.length; k++) {
        if (i >= s.shiftOnsets[k]) {
          level = s.shiftFactors[k];
        }
        if (i >= s.shiftOnsets[k] && i < s.shiftOnsets[k] + 300) {
          s.label[i] = Label.SETTLING;
        }
      }
      double median = 0.020 * level;
      s.duration[i] = logNormal(base, median, 0.25);
      if (inj.spikeAt(i, s.label[i], 0.01)) {
        s.duration[i] = median * Math.exp(2.3263 * 0.25) * inj.factor(2, 8);
        s.label[i] = Label.SPIKE;
      }
    }
    return s;
  }

  /**
   * LLM calls: ttft log-normal 350 ms (sigma 0.3), per-token 25 ms (sigma 0.15), output tokens
   * log-normal 150 (sigma 0.8, 1..4000); three bursts of 300 answers of 1500..3500 tokens (normal).
   * Streamed: 0.5 % ttft spikes and 0.5 % per-token slowdowns (2..8x / 2..5x their p99). Not streamed
   * (ttft unknown to the detector): 1 % calls slow for their length (2..6x the p99 duration for it).
   */
  static Series llm(long seed, boolean inject, boolean streamed) {
    Series s = new Series(streamed ? "llm streamed" : "llm not streamed", true, streamed);
    SplittableRandom base = new SplittableRandom(seed + (streamed ? 5 : 6));
    Injector inj = new Injector(seed + (streamed ? 5 : 6), inject);
    double ttftP99 = 0.35 * Math.exp(2.3263 * 0.3);
    double perTokenP99 = 0.025 * Math.exp(2.3263 * 0.15);
    int[][] longBursts = {{5000, 5300}, {11000, 11300}, {16000, 16300}};
    for (int i = 0; i < LENGTH; i++) {
      double ttft = logNormal(base, 0.35, 0.3);
      double perToken = logNormal(base, 0.025, 0.15);
      long tokens = Math.max(1, Math.min(4000, Math.round(logNormal(base, 150, 0.8))));
      if (in(longBursts, i)) {
        tokens = 1500 + base.nextInt(2001);
        s.label[i] = Label.LONG_OUTPUT;
      }
      if (streamed && inj.spikeAt(i, s.label[i], 0.005)) {
        ttft = ttftP99 * inj.factor(2, 8);
        s.label[i] = Label.SPIKE;
      } else if (streamed && tokens >= 2 && inj.spikeAt(i, s.label[i], 0.005)) {
        perToken = perTokenP99 * inj.factor(2, 5);
        s.label[i] = Label.SPIKE;
      }
      s.tokens[i] = tokens;
      s.duration[i] = ttft + (tokens - 1) * perToken;
      s.ttft[i] = streamed ? ttft : Double.NaN;
      if (!streamed && inj.spikeAt(i, s.label[i], 0.01)) {
        long n = tokens;
        double condP99 = p99(r -> logNormal(r, 0.35, 0.3) + (n - 1) * logNormal(r, 0.025, 0.15), 2000);
        s.duration[i] = condP99 * inj.factor(2, 6);
        s.label[i] = Label.SPIKE;
      }
    }
    return s;
  }

  private static boolean in(int[][] ranges, int i) {
    for (int[] r : ranges) {
      if (i >= r[0] && i < r[1]) {
        return true;
      }
    }
    return false;
  }

  /** A 128-bit trace id's random low half, shared by each run of 3 consecutive calls (whole traces). */
  static long traceIdLow(long seed, int call) {
    long z = seed * 0x9E3779B97F4A7C15L + (call / 3) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
