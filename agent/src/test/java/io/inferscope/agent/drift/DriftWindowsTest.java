package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DriftWindowsTest {
  @Test
  void theCurrentWindowIsTheLastObservationsTheOldestLeavingAsTheNewestArrives() {
    DriftWindows windows = new DriftWindows(3, 4);
    for (int bin : new int[] {0, 0, 1, 2}) {
      windows.addCurrent(bin);
    }
    assertTrue(windows.currentFull());
    assertArrayEquals(new long[] {2, 1, 1}, windows.currentCounts());
    windows.addCurrent(2); // the first 0 leaves
    assertArrayEquals(new long[] {1, 1, 2}, windows.currentCounts());
    for (int i = 0; i < 4; i++) {
      windows.addCurrent(1);
    }
    assertArrayEquals(new long[] {0, 4, 0}, windows.currentCounts());
    assertEquals(4, windows.currentSize());
  }

  @Test
  void psiComparesTheCurrentWindowWithTheReference() {
    DriftWindows windows = new DriftWindows(2, 4);
    assertTrue(Double.isNaN(windows.psi()));
    windows.addReference(0);
    windows.addReference(1);
    for (int bin : new int[] {0, 1, 1, 1}) {
      windows.addCurrent(bin);
    }
    assertEquals(Psi.of(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}), windows.psi(), 1e-15);
  }

  @Test
  void aPinnedReferenceReplacesTheCountsAndEmptiesTheCurrentWindow() {
    DriftWindows windows = new DriftWindows(3, 2);
    windows.addReference(0);
    windows.addCurrent(0);
    windows.setReference(new long[] {5, 5});
    assertArrayEquals(new long[] {5, 5, 0}, windows.referenceCounts());
    assertEquals(10, windows.referenceTotal());
    assertEquals(0, windows.currentSize());
    assertFalse(windows.currentFull());
  }

  @Test
  void binsUpTo256FitTheOneByteRing() {
    DriftWindows windows = new DriftWindows(256, 2);
    windows.addCurrent(255);
    windows.addCurrent(200);
    windows.addCurrent(1); // evicts 255, read back as unsigned
    assertEquals(0, windows.currentCount(255));
    assertEquals(1, windows.currentCount(200));
  }
}
