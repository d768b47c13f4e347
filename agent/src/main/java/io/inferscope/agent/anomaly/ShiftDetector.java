package io.inferscope.agent.anomaly;

/**
 * Tells a level shift from a burst of spikes, using the buckets of the last 32 observations (one byte each).
 *
 * <p>Asked only when an observation falls outside the baseline (above its exclusion threshold, or below
 * its p01). A shift is confirmed when the traffic itself moved, not just its tail:
 * <ul>
 *   <li>the last 12 observations in a row are all beyond the baseline's p95 (or all below its p05), or
 *   <li>of the last 32, at least 20 are beyond p95 and at least 28 beyond p50 (below p05 / p50).
 * </ul>
 * Independent normal draws do either with probability below 1e-9. A storm where 30 % of the calls are
 * spikes does so with probability ~1e-6 per check, because its other 70 % stay at the old level; a
 * storm where most calls are slow is treated as a shift (the new normal, for now). The shift returned is
 * the median bucket of the observations that confirmed it minus the baseline median's bucket.
 * Observations from before the last shift are ignored.
 */
final class ShiftDetector {
  private static final int RECENT = 32;
  private static final int RUN = 12;
  private static final int TAIL_MAJORITY = 20;
  private static final int SIDE_MAJORITY = 28;
  private static final int MAJORITY_MEDIAN_OF = 16;

  private final byte[] ring = new byte[RECENT];
  private long seen;
  private long validFrom;

  void add(int bucket) {
    ring[(int) (seen++ & (RECENT - 1))] = (byte) bucket; // < 256 buckets
  }

  /** Observations seen so far. */
  long seen() {
    return seen;
  }

  /** Forget what came before a shift. */
  void reset() {
    validFrom = seen;
  }

  /** Buckets the level moved up (> 0), or 0. */
  int upShift(int idx50, int idx95) {
    return Math.max(0, shift(idx95, idx50, 1));
  }

  /** Buckets the level moved down (< 0), or 0. */
  int downShift(int idx05, int idx50) {
    return Math.min(0, shift(idx05, idx50, -1));
  }

  /**
   * The confirming observations' median bucket minus {@code idx50}, or 0 when no shift is confirmed.
   *
   * @param tailEdge p95's bucket for an upward shift, p05's for a downward one
   * @param direction +1 up (beyond means above), -1 down (beyond means below)
   */
  private int shift(int tailEdge, int idx50, int direction) {
    int valid = valid();
    int run = 0;
    while (run < valid && beyond(at(run), tailEdge, direction)) {
      run++;
    }
    int k = run;
    if (run < RUN) {
      if (valid < RECENT) {
        return 0;
      }
      int tail = 0;
      int side = 0;
      for (int i = 0; i < RECENT; i++) {
        int b = at(i);
        tail += beyond(b, tailEdge, direction) ? 1 : 0;
        side += beyond(b, idx50, direction) ? 1 : 0;
      }
      if (tail < TAIL_MAJORITY || side < SIDE_MAJORITY) {
        return 0;
      }
      k = MAJORITY_MEDIAN_OF;
    }
    return median(k) - idx50;
  }

  private static boolean beyond(int bucket, int edge, int direction) {
    return (bucket - edge) * direction > 0;
  }

  private int valid() {
    return (int) Math.min(RECENT, seen - validFrom);
  }

  /** The k-th most recent bucket, 0 = the latest. */
  private int at(int k) {
    return ring[(int) ((seen - 1 - k) & (RECENT - 1))] & 0xFF;
  }

  /** Lower median of the last k buckets, by rank counting (no copy, no sort; rare path). */
  private int median(int k) {
    int rank = (k - 1) / 2;
    for (int i = 0; i < k; i++) {
      int v = at(i);
      int less = 0;
      int equal = 0;
      for (int j = 0; j < k; j++) {
        int w = at(j);
        less += w < v ? 1 : 0;
        equal += w == v ? 1 : 0;
      }
      if (less <= rank && rank < less + equal) {
        return v;
      }
    }
    return at(0);
  }
}
