package io.inferscope.agent.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.anomaly.AnomalyEvaluation.Report;
import io.inferscope.agent.anomaly.AnomalyEvaluation.Row;
import io.inferscope.agent.anomaly.AnomalyEvaluation.Shift;
import io.inferscope.agent.anomaly.StormEvaluation.Storm;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The targets, on three seeds, with the default settings. */
class AnomalyEvaluationTest {
  private static final double P = AnomalyEvaluation.BASE_PROBABILITY;

  @ParameterizedTest
  @ValueSource(longs = {42, 7, 2026})
  void meetsTheTargetsAndBeatsTheFixedThreshold(long seed) {
    Report r = AnomalyEvaluation.evaluate(seed, AnomalySettings.defaults());
    for (Row row : r.rows()) {
      String s = row.scenario() + " (seed " + seed + ")";
      assertTrue(row.detector().anomalies() > 50, s + ": anomalies were injected");
      assertTrue(row.detector().recall() >= 0.95, s + ": recall " + row.detector().recall());
      assertTrue(row.detectorClean().fpRate() <= 0.005, s + ": false positives " + row.detectorClean().fpRate());
      assertTrue(row.detectorClean().exportedFraction() <= P + 0.01,
          s + ": exported " + row.detectorClean().exportedFraction());
    }

    // Bimodal (with a change of mode mix): same recall, at most a fifth of the fixed threshold's false
    // positives (measured: ~0.01 % vs ~1.1 %).
    beats(r.row("bimodal"), 5);
    // Slow drift: the fixed threshold flags a third of the traffic (measured ~36 %), the detector ~0.02 %.
    beats(r.row("drift"), 100);
    // LLM: the fixed threshold cannot tell a long answer from a slow one: it flags every long-output burst
    // and misses most ttft / per-token anomalies (recall 0.16 / 0.33 measured).
    for (String llm : new String[] {"llm streamed", "llm not streamed"}) {
      Row row = r.row(llm);
      beats(row, 10);
      assertTrue(row.detector().recall() >= row.fixed().recall() + 0.5, llm + ": recall vs fixed");
      assertTrue(row.longOutputFpDetector() <= 0.005 && row.longOutputFpFixed() >= 0.9, llm + ": long outputs");
      assertTrue(row.detector().recall() > row.oracle().recall(), llm + ": even the best fixed threshold loses");
    }

    // Level shifts: x3 and x1.8 reported as level_shift within 50 calls, then quiet; the fixed threshold
    // flags most of the shifted traffic.
    for (Shift shift : r.shifts()) {
      if (shift.factor() > 1) {
        assertTrue(shift.detectorLevelShiftAt() >= 0 && shift.detectorLevelShiftAt() <= 50,
            "level_shift reported after " + shift.detectorLevelShiftAt() + " calls");
        assertTrue(shift.detectorFlags() <= 30, "flags after a x" + shift.factor() + " shift: " + shift.detectorFlags());
        assertTrue(shift.fixedFlags() >= 300, "fixed threshold flags " + shift.fixedFlags());
      } else {
        assertEquals(0, shift.detectorFlags(), "a faster level is not an anomaly");
      }
    }

    batchSizes(r, seed);

    // Storm: every spike flagged (counted), exports capped at RATE_CAP/s on top of the base probability.
    Storm det = r.storm().get(0);
    assertTrue(det.flagged() >= 0.95 * 0.3 * (StormEvaluation.TO - StormEvaluation.FROM),
        "storm spikes flagged: " + det.flagged());
    double capShare = StormEvaluation.RATE_CAP / StormEvaluation.STORM_RATE;
    assertTrue(det.stormFraction() <= P + capShare + 0.01, "storm exports " + det.stormFraction());
    assertTrue(det.normalFraction() <= P + 0.01, "calm exports " + det.normalFraction());
  }

  /**
   * The figures the README quotes under "Measured accuracy", for the seed AnomalyEvaluation.main uses
   * (42). The evaluation is deterministic, so each figure is checked as the README states it.
   */
  @Test
  void theReadmesMeasuredFiguresHoldForSeed42() {
    Report r = AnomalyEvaluation.evaluate(42, AnomalySettings.defaults());
    assertEquals(1.0, r.overallRecall(), "recall 1.0 of injected anomalies");
    for (Row row : r.rows()) {
      assertTrue(row.detectorClean().fpRate() <= 0.0005, row.scenario() + ": at most 0.05 % false positives");
      assertTrue(row.detectorClean().exportedFraction() <= 0.052, row.scenario() + ": at most 5.2 % exported");
    }
    assertEquals(0.102, r.storm().get(0).stormFraction(), 0.0005, "10.2 % exported during the storm");
    Shift x3 = r.shifts().get(0);
    Shift x18 = r.shifts().get(2);
    assertEquals(List.of(3.0, 1, 12, 11, 974), List.of(x3.factor(), x3.detectorFirstFlag(), x3.detectorLevelShiftAt(),
        x3.detectorFlags(), x3.fixedFlags()), "x3: flagged from its second call, level_shift after 12, 11 vs 974 flags");
    assertEquals(List.of(1.8, 0, 33, 8, 487), List.of(x18.factor(), x18.detectorFirstFlag(), x18.detectorLevelShiftAt(),
        x18.detectorFlags(), x18.fixedFlags()), "x1.8: flagged from its first call, level_shift after 33, 8 vs 487 flags");
    for (String scenario : List.of("drift", "level shifts")) {
      double fixed = r.row(scenario).fixedClean().fpRate();
      assertTrue(fixed >= 0.35 && fixed < 0.395, scenario + ": a fixed p99 flags 35-39 % of traffic, here " + fixed);
    }
    for (String scenario : List.of("llm streamed", "llm not streamed")) {
      double fixed = r.row(scenario).fixed().recall();
      assertTrue(fixed >= 0.16 && fixed < 0.335, scenario + ": a fixed p99 catches 16-33 % of slow calls, here " + fixed);
    }
    // The batch-size paragraph.
    BatchEvaluation.Batch uniform = r.batch("batches 1-30000", true);
    BatchEvaluation.Batch uniformBlind = r.batch("batches 1-30000", false);
    BatchEvaluation.Batch load = r.batch("batches by load", true);
    BatchEvaluation.Batch loadBlind = r.batch("batches by load", false);
    assertEquals(List.of(1.0, 1.0, 0.97, 0.0004), List.of(uniform.injected().recall(), uniform.smallRecall(),
        round(uniform.precision(), 2), round(uniform.clean().fpRate(), 4)), "sizes 1-30000, for batch size");
    assertEquals(List.of(0.13, 0.0), List.of(round(uniformBlind.injected().recall(), 2), uniformBlind.smallRecall()),
        "sizes 1-30000, raw duration: 13 %, none of the small ones");
    assertEquals(List.of(0.047, 0.36), List.of(round(loadBlind.bigFpRate(), 3), round(loadBlind.precision(), 2)),
        "sizes by load, raw duration: 4.7 % of big batches flagged, precision 0.36");
    assertEquals(List.of(0.0, 0.92, 1.0), List.of(load.bigFpRate(), round(load.precision(), 2), load.injected().recall()),
        "sizes by load, for batch size");
  }

  private static double round(double x, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(x * f) / f;
  }

  /**
   * Batch sizes varying by 1000x: judged for its size, the detector catches the slowed calls, small batches
   * included, and leaves big batches at normal speed alone; judging raw duration (batch-blind) misses the
   * slow small batches (log-uniform sizes: recall ~0.12, none of those of at most 100 items) and, when
   * sizes follow load, flags the busy spells' big batches (5-8 % of them) while missing a third of the slowdowns.
   */
  private static void batchSizes(Report r, long seed) {
    for (String scenario : List.of("batches 1-30000", "batches by load")) {
      String s = scenario + " (seed " + seed + ")";
      BatchEvaluation.Batch aware = r.batch(scenario, true);
      BatchEvaluation.Batch blind = r.batch(scenario, false);
      assertTrue(aware.injected().anomalies() > 150, s + ": slowdowns were injected");
      assertTrue(aware.injected().recall() >= 0.98, s + ": recall " + aware.injected().recall());
      assertTrue(aware.smallRecall() >= 0.98, s + ": slow small batches caught " + aware.smallRecall());
      assertTrue(aware.precision() >= 0.85, s + ": precision " + aware.precision());
      assertTrue(aware.clean().fpRate() <= 0.002, s + ": false positives " + aware.clean().fpRate());
      assertEquals(0, aware.bigFpRate(), 0.0005, s + ": big batches at normal speed are normal");
      assertTrue(aware.injected().recall() >= blind.injected().recall() + 0.25,
          s + ": recall " + aware.injected().recall() + " vs blind " + blind.injected().recall());
      assertTrue(aware.smallRecall() >= blind.smallRecall() + 0.15,
          s + ": slow small batches " + aware.smallRecall() + " vs blind " + blind.smallRecall());
    }
    BatchEvaluation.Batch uniform = r.batch("batches 1-30000", false);
    assertTrue(uniform.injected().recall() <= 0.2 && uniform.smallRecall() == 0,
        "blind on log-uniform sizes: the slow calls hide under the big batches' latency");
    BatchEvaluation.Batch byLoad = r.batch("batches by load", false);
    assertTrue(byLoad.bigFpRate() >= 0.03 && byLoad.precision() <= 0.5,
        "blind under load-driven sizes flags big batches: " + byLoad.bigFpRate() + ", precision " + byLoad.precision());
  }

  /** Recall at least the fixed threshold's (minus 1 point) with `factor` times fewer false positives. */
  private static void beats(Row row, double factor) {
    assertTrue(row.detector().recall() >= row.fixed().recall() - 0.01, row.scenario() + ": recall");
    assertTrue(row.detectorClean().fpRate() * factor <= row.fixedClean().fpRate(),
        row.scenario() + ": false positives " + row.detectorClean().fpRate() + " vs fixed "
            + row.fixedClean().fpRate());
  }
}
