package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.drift.TabularInputSummary.FeaturePsi;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TabularInputSummaryTest {
  private static final DriftSettings SETTINGS = DriftSettings.defaults().withWindows(500, 500).withFeatures(4, 2);

  @Test
  void theMostDriftedFeaturesAreNamedHighestFirstAndCapped() {
    List<Double> flags = new ArrayList<>();
    TabularInputSummary input = new TabularInputSummary("m", "x", 6, SETTINGS, (s, psi) -> flags.add(psi));
    assertEquals(4, input.watchedFeatures(), "6 features, 4 watched");
    Random random = new Random(7);
    float[] row = new float[6];
    for (int i = 0; i < 2000; i++) {
      boolean shifted = i >= 1000;
      for (int f = 0; f < row.length; f++) {
        row[f] = (float) random.nextGaussian();
      }
      if (shifted) {
        row[2] += 2; // a big shift
        row[0] += 0.8f; // a smaller one
      }
      input.observeRow(row, 0, row.length);
    }
    input.evaluate();
    List<FeaturePsi> top = input.mostDrifted();
    assertEquals(2, top.size(), "capped at topFeatures");
    assertEquals(2, top.get(0).feature());
    assertEquals(0, top.get(1).feature());
    assertTrue(top.get(0).psi() > top.get(1).psi());
    double[] psi = input.featurePsi();
    assertTrue(psi[1] < 0.1 && psi[3] < 0.1, "unshifted features stay low: " + java.util.Arrays.toString(psi));
    assertEquals(psi[2], input.lastPsi(), "the input's PSI is its largest feature PSI");
    assertEquals(1, flags.size());
    assertEquals("input_drift", input.reason());
  }

  @Test
  void aBatchIsReadInPlaceAndRowsShorterThanTheWatchedFeaturesAreIgnored() {
    TabularInputSummary input = new TabularInputSummary("m", "x", 4, SETTINGS.withTensorCaps(8, 16), null);
    FloatBuffer batch = FloatBuffer.wrap(new float[40]); // 10 rows of 4; K = 8 elements -> 2 rows
    input.observeBatch(batch, 4);
    assertEquals(2, input.observations());
    assertEquals(0, batch.position());
    input.observeRow(new float[3], 0, 3);
    input.observeBatch(FloatBuffer.wrap(new float[9]), 3);
    assertEquals(2, input.observations());
  }

  @Test
  void savedFeatureReferencesRoundTrip() {
    TabularInputSummary input = new TabularInputSummary("m", "x", 2, SETTINGS.withWindows(10, 10), null);
    for (int i = 0; i < 10; i++) {
      input.observeRow(new float[] {i, -i}, 0, 2);
    }
    List<ReferenceSummary> saved = input.referenceSnapshot();
    assertEquals(2, saved.size());
    assertEquals(1, saved.get(1).feature());
    TabularInputSummary other = new TabularInputSummary("m", "x", 2, SETTINGS.withWindows(10, 10), null);
    other.pinReference(saved);
    assertEquals(saved, other.referenceSnapshot());
    assertTrue(other.currentSnapshot().isEmpty());
  }
}
