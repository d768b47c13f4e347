package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalarOutputSummaryTest {
  @Test
  void theReferenceFixesDecileEdgesAndCountsItsValuesIntoBothWindows() {
    DriftSettings settings = DriftSettings.defaults().withWindows(100, 100);
    ScalarOutputSummary summary = new ScalarOutputSummary("m", "price", settings, null);
    for (int i = 0; i < 99; i++) {
      summary.observe(i);
    }
    assertNull(summary.referenceSnapshot());
    assertTrue(Double.isNaN(summary.evaluate()));
    summary.observe(99);
    ReferenceSummary reference = summary.referenceSnapshot();
    assertArrayEquals(new double[] {10, 20, 30, 40, 50, 60, 70, 80, 90}, reference.edges());
    assertArrayEquals(new long[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0}, reference.counts());
    assertEquals(0.0, summary.evaluate());
    for (int i = 0; i < 100; i++) {
      summary.observe(95); // everything moves to the top decile
    }
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 100, 0}, summary.currentSnapshot().counts());
    double expected = Psi.of(new double[] {.1, .1, .1, .1, .1, .1, .1, .1, .1, .1, 0},
        new double[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0});
    assertEquals(expected, summary.evaluate(), 1e-12);
  }

  @Test
  void aShiftAwayFromAConstantReferenceIsSeen() {
    DriftSettings settings = DriftSettings.defaults().withWindows(50, 50);
    ScalarOutputSummary summary = new ScalarOutputSummary("m", "flag", settings, null);
    for (int i = 0; i < 50; i++) {
      summary.observe(1.0);
    }
    assertEquals(0.0, summary.evaluate());
    for (int i = 0; i < 50; i++) {
      summary.observe(1.5);
    }
    assertTrue(summary.evaluate() > 1, "all mass moved from 'exactly 1' to 'above 1'");
  }

  @Test
  void aBatchIsReadInPlaceAtMostMaxRowsSpreadOverIt() {
    DriftSettings settings = DriftSettings.defaults().withWindows(4, 4).withTensorCaps(4096, 4);
    ScalarOutputSummary summary = new ScalarOutputSummary("m", "y", settings, null);
    float[] values = new float[40];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    FloatBuffer batch = FloatBuffer.wrap(values);
    summary.observeBatch(batch);
    assertEquals(0, batch.position());
    assertEquals(4, summary.observations());
    // rows 0, 10, 20, 30. With 4 values and 10 bins each value holds several quantiles, so each gets a bin.
    assertArrayEquals(new double[] {0, Math.nextUp(0f), 10, Math.nextUp(10f), 20, Math.nextUp(20f), 30, Math.nextUp(30f)},
        summary.referenceSnapshot().edges());
  }

  @Test
  void nanValuesHaveTheirOwnBin() {
    DriftSettings settings = DriftSettings.defaults().withWindows(10, 10);
    ScalarOutputSummary summary = new ScalarOutputSummary("m", "y", settings, null);
    for (int i = 0; i < 10; i++) {
      summary.observe(i);
    }
    for (int i = 0; i < 10; i++) {
      summary.observe(Double.NaN);
    }
    long[] current = summary.currentSnapshot().counts();
    assertEquals(10, current[current.length - 1]);
    assertTrue(summary.evaluate() > 0.2);
  }

  @Test
  void aPinnedReferenceUsesItsOwnEdges() {
    DriftSettings settings = DriftSettings.defaults().withWindows(1000, 2);
    ScalarOutputSummary summary = new ScalarOutputSummary("m", "y", settings, null);
    summary.pinReference(ReferenceSummary.scalar(ReferenceSummary.Kind.SCALAR, "m", "y", -1, new double[] {0}, new long[] {50, 50, 0}));
    summary.observe(-1);
    assertTrue(Double.isNaN(summary.evaluate()));
    summary.observe(1);
    assertEquals(0.0, summary.evaluate(), 1e-15);
    assertEquals(List.of(1L, 1L, 0L), List.of(summary.currentSnapshot().counts()[0], summary.currentSnapshot().counts()[1],
        summary.currentSnapshot().counts()[2]));
    assertThrows(IllegalArgumentException.class,
        () -> summary.pinReference(ReferenceSummary.classes("m", "y", List.of("a"), new long[] {1})));
  }
}
