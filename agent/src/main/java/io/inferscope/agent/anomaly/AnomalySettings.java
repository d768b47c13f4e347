package io.inferscope.agent.anomaly;

import java.time.Duration;

/**
 * Detector settings. Invalid values throw {@link IllegalArgumentException} naming the
 * {@code inferscope.anomaly.*} key, so the configuration layer can report it and fall back to the default.
 *
 * @param sensitivity flag when the score reaches this (see {@link Verdict} for the scale); lower flags more.
 *     Default 1.5, chosen with {@code AnomalyEvaluation}'s sweep over synthetic streams: 1.0 flags ~1 % of
 *     clean traffic (it is p99), 1.25 meets the 0.5 % target with little margin (0.27 % worst stream),
 *     1.5 gives recall 1.0 on anomalies at 2x p99 with 0.05 % worst-stream false positives, a 10x margin
 *     for real tails heavier than log-normal; 2.0 already misses up to 12 % of them. It flags from
 *     ~1.35x p99 on for a log-normal key.
 * @param warmUpSamples observations a baseline needs before it judges with its quantiles; until then only
 *     values above 10x the running median are flagged (see {@link LatencyBaseline}).
 * @param windowObservations observations per rotating window: the baseline is the last 1..2 windows.
 * @param horizon a window also rotates when older than half this (once it holds warm-up samples), so
 *     the baseline describes at most about the last horizon, even for slow keys. Zero disables it.
 * @param recomputeEvery thresholds are recomputed every this many observations (the per-call decision
 *     is then a compare).
 * @param maxKeys keys with their own baseline; calls of further keys are not judged (errors still are).
 */
public record AnomalySettings(
    double sensitivity,
    int warmUpSamples,
    int windowObservations,
    Duration horizon,
    int recomputeEvery,
    int maxKeys) {

  public static final double DEFAULT_SENSITIVITY = 1.5;
  public static final int DEFAULT_WARM_UP = 50;
  public static final int DEFAULT_WINDOW = 1000;
  public static final Duration DEFAULT_HORIZON = Duration.ofMinutes(10);
  public static final int DEFAULT_RECOMPUTE_EVERY = 64;
  public static final int DEFAULT_MAX_KEYS = 1000;
  /** Window counts are 16-bit (that is what keeps a baseline under 1 KB). */
  public static final int MAX_WINDOW = 32_767;

  public AnomalySettings {
    if (!(sensitivity > 0) || sensitivity > 100) {
      throw bad("sensitivity", sensitivity, "a number in (0, 100]");
    }
    if (warmUpSamples < 8 || warmUpSamples > MAX_WINDOW) {
      throw bad("warmup", warmUpSamples, "an integer in [8, " + MAX_WINDOW + "]");
    }
    if (windowObservations < warmUpSamples || windowObservations > MAX_WINDOW) {
      throw bad("window", windowObservations, "an integer in [warmup, " + MAX_WINDOW + "]");
    }
    if (horizon == null || horizon.isNegative()) {
      throw bad("horizon", horizon, "a non-negative duration (0 = off)");
    }
    if (recomputeEvery < 1 || recomputeEvery > windowObservations) {
      throw bad("recompute.every", recomputeEvery, "an integer in [1, window]");
    }
    if (maxKeys < 1) {
      throw bad("max.keys", maxKeys, "a positive integer");
    }
  }

  public static AnomalySettings defaults() {
    return new AnomalySettings(DEFAULT_SENSITIVITY, DEFAULT_WARM_UP, DEFAULT_WINDOW, DEFAULT_HORIZON,
        DEFAULT_RECOMPUTE_EVERY, DEFAULT_MAX_KEYS);
  }

  public AnomalySettings withSensitivity(double value) {
    return new AnomalySettings(value, warmUpSamples, windowObservations, horizon, recomputeEvery, maxKeys);
  }

  public AnomalySettings withWarmUpSamples(int value) {
    return new AnomalySettings(sensitivity, value, windowObservations, horizon, recomputeEvery, maxKeys);
  }

  public AnomalySettings withWindowObservations(int value) {
    return new AnomalySettings(sensitivity, warmUpSamples, value, horizon, recomputeEvery, maxKeys);
  }

  public AnomalySettings withHorizon(Duration value) {
    return new AnomalySettings(sensitivity, warmUpSamples, windowObservations, value, recomputeEvery, maxKeys);
  }

  public AnomalySettings withRecomputeEvery(int value) {
    return new AnomalySettings(sensitivity, warmUpSamples, windowObservations, horizon, value, maxKeys);
  }

  public AnomalySettings withMaxKeys(int value) {
    return new AnomalySettings(sensitivity, warmUpSamples, windowObservations, horizon, recomputeEvery, value);
  }

  private static IllegalArgumentException bad(String key, Object value, String expected) {
    return new IllegalArgumentException(
        "inferscope.anomaly." + key + " must be " + expected + ", got " + value);
  }
}
