package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.drift.ReferenceComparison.Difference;
import io.inferscope.agent.drift.ReferenceComparison.Result;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReferenceComparisonTest {
  private static ReferenceSummary scalar(String name, double[] edges, long... counts) {
    return ReferenceSummary.scalar(ReferenceSummary.Kind.SCALAR, "m", name, -1, edges, counts);
  }

  @Test
  void summariesAreMatchedByKeyAndComparedOnTheSameBinsExactly() {
    ReferenceSummary a = scalar("y", new double[] {0}, 50, 50, 0);
    ReferenceSummary b = scalar("y", new double[] {0}, 25, 75, 0);
    Result result = ReferenceComparison.compare(List.of(a, scalar("only-a", new double[0], 1, 0)),
        List.of(scalar("only-b", new double[0], 1, 0), b));
    assertEquals(List.of(new Difference("scalar m/y", Psi.of(new double[] {.5, .5, 0}, new double[] {.25, .75, 0}), true)),
        result.differences());
    assertEquals(List.of("scalar m/only-a"), result.onlyInFirst());
    assertEquals(List.of("scalar m/only-b"), result.onlyInSecond());
  }

  @Test
  void classesAreMatchedByLabel() {
    ReferenceSummary a = ReferenceSummary.classes("m", "c", List.of("cat", "dog"), new long[] {50, 50});
    ReferenceSummary b = ReferenceSummary.classes("m", "c", List.of("dog", "bird"), new long[] {50, 50});
    Difference d = ReferenceComparison.difference(a, b);
    assertEquals(Psi.of(new double[] {.5, .5, 0}, new double[] {0, .5, .5}), d.psi(), 1e-12);
    assertTrue(d.exactBins());
    assertThrows(IllegalArgumentException.class, () -> ReferenceComparison.difference(a, scalar("c", new double[0], 1, 0)));
  }

  @Test
  void differentEdgesAreRebinnedAssumingUniformValuesInsideABin() {
    // 100 values uniform in [0, 10): bins [0,5) and [5,10) hold 50 each; onto edges 2.5, 5, 7.5: 25 each.
    double[] rebinned = ReferenceComparison.rebin(new double[] {0, 5, 10}, new long[] {0, 50, 50, 0, 0}, new double[] {2.5, 5, 7.5});
    assertArrayEquals(new double[] {25, 25, 25, 25, 0}, rebinned, 1e-9);
    // Open-ended bins spread over their neighbour's width beyond their edge (here 10: all of each lands in the
    // target's open bin); NaN stays NaN.
    assertArrayEquals(new double[] {3, 0, 0, 4, 7}, ReferenceComparison.rebin(new double[] {0, 10}, new long[] {3, 0, 4, 7},
        new double[] {0, 5, 10}), 1e-9);
  }

  /**
   * Deciles of two uniform samples a little apart: each open-ended tail bin must land mostly in the other's
   * tail bin. Taken as a point at its edge, a whole tail fell on the wrong side of the other's edge and two
   * samples of one distribution read PSI 0.7 (found by the drift compare command's end-to-end test).
   */
  @Test
  void openEndedBinsSpreadSoNearbyEdgesDoNotReadAsDrift() {
    double[] a = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    double[] b = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i] + 0.003;
    }
    long[] deciles = {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0};
    double[] rebinned = ReferenceComparison.rebin(b, deciles, a);
    assertEquals(97, rebinned[0], 1e-9, "the first tail spread over [0.003, 0.103): 97 % of it below 0.1");
    Difference d = ReferenceComparison.difference(scalar("y", a, deciles), scalar("y", b, deciles));
    assertFalse(d.exactBins());
    assertTrue(d.psi() < 0.01, "same distribution: " + d.psi());
    // With no finite neighbour an open bin is still a point at its edge.
    assertArrayEquals(new double[] {5, 7, 0, 0}, ReferenceComparison.rebin(new double[] {1}, new long[] {5, 7, 0}, new double[] {1, 2}), 1e-9);
  }

  @Test
  void twoSamplesOfOneDistributionBinnedDifferentlyCompareAsStable() throws IOException {
    Random random = new Random(3);
    StringBuilder first = new StringBuilder("y\n");
    StringBuilder second = new StringBuilder("y\n");
    StringBuilder shifted = new StringBuilder("y\n");
    for (int i = 0; i < 5000; i++) {
      first.append(random.nextGaussian()).append('\n');
      second.append(random.nextGaussian()).append('\n');
      shifted.append(random.nextGaussian() + 1).append('\n');
    }
    ReferenceSummary a = csv(first);
    Difference same = ReferenceComparison.difference(a, csv(second));
    assertFalse(same.exactBins());
    assertTrue(same.psi() < 0.02, "same distribution: " + same.psi());
    assertTrue(ReferenceComparison.difference(a, csv(shifted)).psi() > 0.5);
  }

  @Test
  void emptySummariesOrOnesWithoutPositionsHaveNoPsi() {
    assertTrue(Double.isNaN(ReferenceComparison.difference(scalar("y", new double[0], 0, 0), scalar("y", new double[0], 1, 0)).psi()));
    assertTrue(Double.isNaN(ReferenceComparison.difference(scalar("y", new double[] {1}, 1, 1, 0), scalar("y", new double[0], 1, 0)).psi()));
  }

  private static ReferenceSummary csv(StringBuilder text) throws IOException {
    return ReferenceCsv.read(new BufferedReader(new StringReader(text.toString())), "v.csv", "m", DriftSettings.defaults()).get(0);
  }
}
