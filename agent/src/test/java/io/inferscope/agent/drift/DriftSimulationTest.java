package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.drift.DriftSimulation.Feed;
import io.inferscope.agent.drift.DriftSimulation.Phase;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded streams at the default settings (windows of 1000, PSI every 100 observations): PSI stays below
 * 0.1 while a stream is stable, on every seed; after a shift it ends above 0.2 and drift is flagged
 * exactly once; a stream that drifts back re-arms and a second shift flags again.
 */
class DriftSimulationTest {
  private static final int SEEDS = 40;
  private static final DriftSettings SETTINGS = DriftSettings.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"class", "scalar"})
  void stableStreamsStayBelowPointOneAndAreNeverFlagged(String kind) {
    for (int seed = 0; seed < SEEDS; seed++) {
      DriftSummary summary = summary(kind, new AtomicInteger());
      Phase stable = DriftSimulation.run(summary, feed(summary), new Random(seed), 20_000, false);
      assertTrue(stable.maxPsi() < 0.1, kind + " seed " + seed + ": PSI reached " + stable.maxPsi() + " on a stable stream");
      assertEquals(0, stable.flagsAtEnd(), kind + " seed " + seed);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"class", "scalar"})
  void aShiftIsFlaggedOnceAndDriftingBackReArms(String kind) {
    for (int seed = 0; seed < SEEDS; seed++) {
      AtomicInteger told = new AtomicInteger();
      DriftSummary summary = summary(kind, told);
      Feed feed = feed(summary);
      Random random = new Random(1000 + seed);
      String run = kind + " seed " + seed;
      DriftSimulation.run(summary, feed, random, 3_000, false);
      Phase shifted = DriftSimulation.run(summary, feed, random, 5_000, true);
      assertTrue(shifted.lastPsi() > 0.2, run + ": PSI " + shifted.lastPsi() + " after the shift");
      assertEquals(1, shifted.flagsAtEnd(), run + ": flagged once, not repeatedly");
      assertTrue(shifted.firstFlagAfter() > 0 && shifted.firstFlagAfter() <= 1_000, run + ": flagged after " + shifted.firstFlagAfter());
      assertTrue(summary.drifting());
      Phase back = DriftSimulation.run(summary, feed, random, 3_000, false);
      assertTrue(back.lastPsi() < 0.1, run + ": PSI " + back.lastPsi() + " once back");
      assertFalse(summary.drifting(), run + ": re-armed");
      assertEquals(1, back.flagsAtEnd(), run + ": drifting back is not a new flag");
      Phase again = DriftSimulation.run(summary, feed, random, 3_000, true);
      assertEquals(2, again.flagsAtEnd(), run + ": a second shift after re-arming flags again");
      assertEquals(2, told.get(), run + ": the listener heard each flag once");
    }
  }

  private static DriftSummary summary(String kind, AtomicInteger told) {
    Function<String, DriftSummary> make = k -> k.equals("class")
        ? new ClassOutputSummary("m", "probs", SETTINGS, (s, psi) -> told.incrementAndGet())
        : new ScalarOutputSummary("m", "y", SETTINGS, (s, psi) -> told.incrementAndGet());
    return make.apply(kind);
  }

  private static Feed feed(DriftSummary summary) {
    return summary instanceof ClassOutputSummary c ? DriftSimulation.classes(c) : DriftSimulation.scalars((ScalarOutputSummary) summary);
  }

  /** Recall by shift size: what PSI at 0.2 with deciles can and cannot see (figures in the README from main()). */
  @Test
  void largeScalarShiftsAreAlwaysCaughtAndTinyOnesNever() {
    assertEquals(1.0, DriftSimulation.recall(0.8, 20), "0.8 standard deviations");
    assertEquals(0.0, DriftSimulation.recall(0.1, 20), "0.1 standard deviations is within what two windows of 1000 vary by");
  }
}
