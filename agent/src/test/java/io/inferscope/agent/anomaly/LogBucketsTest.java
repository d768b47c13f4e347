package io.inferscope.agent.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogBucketsTest {
  @Test
  void indexAgreesWithBoundsAndIsMonotonic() {
    for (int i = 0; i < LogBuckets.COUNT; i++) {
      double lo = LogBuckets.lower(i);
      double hi = LogBuckets.lower(i + 1);
      assertEquals(i, LogBuckets.index(lo * (1 + 1e-12)), "lower bound of " + i);
      assertEquals(i, LogBuckets.index(hi * (1 - 1e-12)), "upper bound of " + i);
      assertEquals(i, LogBuckets.index(Math.sqrt(lo * hi)), "middle of " + i);
    }
    int last = 0;
    for (double x = 1e-7; x < 5000; x *= 1.0007) {
      int i = LogBuckets.index(x);
      assertTrue(i >= last, "monotonic at " + x);
      last = i;
    }
  }

  @Test
  void bucketsAreAboutFifteenPercentWideOverOneMicrosecondToAThousandSeconds() {
    assertTrue(LogBuckets.lower(0) <= 1e-6 && LogBuckets.lower(LogBuckets.COUNT) >= 1000);
    for (int i = 0; i < LogBuckets.COUNT; i++) {
      double width = LogBuckets.lower(i + 1) / LogBuckets.lower(i) - 1;
      assertTrue(width > 0.13 && width < 0.17, "bucket " + i + " is " + width + " wide");
    }
  }

  @Test
  void outOfRangeAndInvalidValuesAreClamped() {
    assertEquals(0, LogBuckets.index(0));
    assertEquals(0, LogBuckets.index(-3));
    assertEquals(0, LogBuckets.index(Double.NaN));
    assertEquals(0, LogBuckets.index(Double.MIN_VALUE));
    assertEquals(LogBuckets.COUNT - 1, LogBuckets.index(1e6));
    assertEquals(LogBuckets.COUNT - 1, LogBuckets.index(Double.POSITIVE_INFINITY));
  }

  @Test
  void histogramShiftMovesCountsAndKeepsTotals() {
    WindowedHistogram h = new WindowedHistogram(0);
    h.add(10);
    h.add(10);
    h.add(145);
    h.add(3);
    h.shift(7);
    assertEquals(2, h.count(17));
    assertEquals(1, h.count(LogBuckets.COUNT - 1), "145 + 7 piles into the last bucket");
    assertEquals(1, h.count(10));
    assertEquals(0, h.count(3));
    h.shift(-12);
    assertEquals(2, h.count(5));
    assertEquals(1, h.count(0), "10 - 12 piles into the first bucket");
    assertEquals(1, h.count(LogBuckets.COUNT - 13));
    int total = 0;
    for (int i = 0; i < LogBuckets.COUNT; i++) {
      total += h.count(i);
    }
    assertEquals(4, total);
  }

  @Test
  void rotationForgetsTheOldestWindowWhole() {
    WindowedHistogram h = new WindowedHistogram(0);
    h.add(20);
    h.rotate(1);
    h.add(30);
    assertEquals(2, h.total());
    h.rotate(2);
    assertEquals(1, h.total());
    assertEquals(0, h.count(20));
    assertEquals(1, h.count(30));
  }
}
