package io.inferscope.agent.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyBaselineTest {
  private static final AnomalySettings SETTINGS = AnomalySettings.defaults();
  private final SplittableRandom random = new SplittableRandom(7);
  private final Verdict v = new Verdict();

  private double normal(double median) {
    return SyntheticLatency.logNormal(random, median, 0.25);
  }

  /** Feeds n normal calls and returns how many were flagged. */
  private int feed(LatencyBaseline b, int n, double median) {
    int flagged = 0;
    for (int i = 0; i < n; i++) {
      flagged += b.observe(normal(median), v).anomalous() ? 1 : 0;
    }
    return flagged;
  }

  @Test
  void warmUpJudgesNothingWhileColdThenOnlyTenTimesTheMedian() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    for (int i = 0; i < LatencyBaseline.COLD_SAMPLES - 1; i++) {
      assertFalse(b.observe(i == 3 ? 5.0 : 0.020, v).judged(), "cold: no median to compare with yet");
    }
    feed(b, 10, 0.020);
    assertTrue(b.judging());
    assertFalse(b.warm());
    assertFalse(b.observe(0.020 * 6, v).anomalous(), "6x the median is not flagged during warm-up");
    assertTrue(b.observe(0.020 * 15, v).anomalous(), "15x the median is");
    assertEquals(Reason.LATENCY_SPIKE, v.reason());
    assertTrue(v.score() >= SETTINGS.sensitivity());
    feed(b, SETTINGS.warmUpSamples(), 0.020);
    assertTrue(b.warm());
    assertTrue(b.observe(b.p99() * 2, v).anomalous(), "once warm, 2x p99 is flagged");
  }

  @Test
  void scoreIsZeroAtTheMedianOneAtP99AndFlagsAtTheSensitivity() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    feed(b, 3000, 0.020);
    assertEquals(0, b.score(b.p50()), 1e-9);
    assertEquals(1, b.score(b.p99()), 1e-9);
    assertEquals(SETTINGS.sensitivity(), b.score(b.threshold()), 1e-9);
    // Log-normal sigma 0.25: p50 = 20 ms and p99 = 20 ms * e^(2.326 * 0.25) = 35.8 ms, within a bucket.
    assertEquals(0.020, b.p50(), 0.020 * 0.08);
    assertEquals(0.0358, b.p99(), 0.0358 * 0.12);
    for (double x = 0.005; x < 0.2; x *= 1.01) {
      b.observe(x, v);
      assertEquals(v.score() >= SETTINGS.sensitivity() - 1e-9, v.anomalous(), "flag iff score >= sensitivity");
    }
  }

  @Test
  void cleanUnimodalTrafficHasFewFalseAlarms() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    feed(b, 1000, 0.020);
    int flagged = feed(b, 20_000, 0.020);
    assertTrue(flagged <= 20, "false positives " + flagged + " / 20000 > 0.1 %");
  }

  @Test
  void isNotDraggedUpBySpikesEvenInAStorm() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    feed(b, 3000, 0.020);
    double p99Before = b.p99();
    int spikes = 0;
    int caught = 0;
    for (int i = 0; i < 5000; i++) {
      // 25 % of the calls are 3..10x spikes for 5000 calls (five windows): the rest stays normal.
      if (random.nextDouble() < 0.25) {
        spikes++;
        caught += b.observe(p99Before * (3 + 7 * random.nextDouble()), v).anomalous() ? 1 : 0;
      } else {
        b.observe(normal(0.020), v);
      }
    }
    assertEquals(spikes, caught, "every spike flagged");
    assertEquals(0, b.levelShiftsUp(), "a storm of spikes is not a level shift");
    assertEquals(p99Before, b.p99(), p99Before * 0.15, "p99 not dragged up");
  }

  @Test
  void followsAGenuineLevelShiftAndReportsItOnce() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    feed(b, 3000, 0.020);
    int flagged = 0;
    int levelShiftAt = -1;
    for (int i = 0; i < 2000; i++) {
      if (b.observe(normal(0.060), v).anomalous()) {
        flagged++;
        if (v.reason() == Reason.LEVEL_SHIFT && levelShiftAt < 0) {
          levelShiftAt = i;
        }
      }
    }
    assertTrue(levelShiftAt >= 0 && levelShiftAt <= 20, "level_shift reported at call " + levelShiftAt);
    assertEquals(1, b.levelShiftsUp());
    assertTrue(flagged <= levelShiftAt + 1 + 5, "no run of spikes after the shift: " + flagged + " flags");
    assertEquals(0.060, b.p50(), 0.060 * 0.1, "baseline at the new level");
  }

  @Test
  void followsADownwardShiftSoSmallerSpikesAreSeenAgain() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    feed(b, 3000, 0.060);
    double oldThreshold = b.threshold();
    feed(b, 100, 0.020);
    assertEquals(1, b.levelShiftsDown());
    double spike = 0.020 * Math.exp(2.326 * 0.25) * 2;
    assertTrue(spike < oldThreshold, "the old baseline would miss this spike");
    assertTrue(b.observe(spike, v).anomalous(), "the new one does not");
  }

  @Test
  void followsSlowDriftWithoutAlarms() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    feed(b, 1000, 0.020);
    int flagged = 0;
    int n = 30_000;
    for (int i = 0; i < n; i++) {
      flagged += b.observe(normal(0.020 * (1 + 2.0 * i / n)), v).anomalous() ? 1 : 0;
    }
    assertTrue(flagged <= n * 0.005, "drift x3 raised " + flagged + " flags");
    assertEquals(0.060, b.p50(), 0.060 * 0.1, "baseline followed the drift");
  }

  @Test
  void bimodalLatencyIsNormalButSpikesBeyondTheSlowModeAreNot() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    int flagged = 0;
    for (int i = 0; i < 20_000; i++) {
      double median = random.nextDouble() < 0.7 ? 0.008 : 0.060;
      boolean f = b.observe(SyntheticLatency.logNormal(random, median, 0.2), v).anomalous();
      flagged += i >= 1000 && f ? 1 : 0;
    }
    assertTrue(flagged <= 19_000 * 0.003, "bimodal false positives: " + flagged);
    assertTrue(b.p50() < 0.015 && b.p99() > 0.06, "p50 in the fast mode, p99 in the slow one");
    assertTrue(b.observe(0.060 * Math.exp(2.326 * 0.2) * 2, v).anomalous(), "2x the slow mode's p99");
  }

  @Test
  void horizonForgetsOldTrafficOfASlowKey() {
    long[] now = {0};
    AnomalySettings s = SETTINGS.withHorizon(Duration.ofMinutes(10));
    LatencyBaseline b = new LatencyBaseline(s, () -> now[0]);
    // One call per second: 1000-call windows would take 33 minutes to turn over.
    for (int i = 0; i < 600; i++) {
      now[0] += 1_000_000_000L;
      b.observe(normal(0.020), v);
    }
    // Gently slower (x1.3, not a shift): only rotation can move the baseline.
    for (int i = 0; i < 700; i++) {
      now[0] += 1_000_000_000L;
      b.observe(normal(0.026), v);
    }
    // Rotations every 5 minutes: the baseline is the last 5..10 minutes, all of it the new traffic. By
    // count alone (1000-call windows) it would still hold 600 old calls and sit near 23.5 ms.
    assertTrue(b.samples() <= 700, "windows rotated on time: " + b.samples());
    assertEquals(0.026, b.p50(), 0.026 * 0.06, "20 minutes later the baseline is the new traffic");
  }

  @Test
  void invalidValuesAreNeitherJudgedNorLearned() {
    LatencyBaseline b = new LatencyBaseline(SETTINGS);
    feed(b, 200, 0.020);
    long before = b.observations();
    for (double x : new double[] {Double.NaN, -1, Double.POSITIVE_INFINITY}) {
      assertFalse(b.observe(x, v).judged());
    }
    assertEquals(before, b.observations());
  }
}
