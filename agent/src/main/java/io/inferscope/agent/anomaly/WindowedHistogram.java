package io.inferscope.agent.anomaly;

import java.util.Arrays;

/**
 * Two rotating windows of {@link LogBuckets} counts (current and previous) in one 16-bit array: 600 bytes.
 * The baseline is their sum. 16 bits suffice because a window never holds more than
 * {@link AnomalySettings#MAX_WINDOW} plus one recompute interval of observations. Single writer.
 */
final class WindowedHistogram {
  private static final int B = LogBuckets.COUNT;

  /** counts[0..B) and counts[B..2B); the current window starts at curOffset. */
  private final char[] counts = new char[2 * B];
  private int curOffset;
  private int curCount;
  private int prevCount;
  private long curStartNanos;
  private int walkBucket;
  private int walkBefore;

  WindowedHistogram(long nowNanos) {
    curStartNanos = nowNanos;
  }

  void add(int bucket) {
    counts[curOffset + bucket]++;
    curCount++;
  }

  int current() {
    return curCount;
  }

  int total() {
    return curCount + prevCount;
  }

  long currentStartNanos() {
    return curStartNanos;
  }

  /** The current window becomes the previous one; the oldest is forgotten at once. */
  void rotate(long nowNanos) {
    curOffset = B - curOffset;
    Arrays.fill(counts, curOffset, curOffset + B, (char) 0);
    prevCount = curCount;
    curCount = 0;
    curStartNanos = nowNanos;
  }

  /** Moves every count d buckets (a multiplicative level change); what would fall off piles at the end. */
  void shift(int d) {
    if (d != 0) {
      shift(0, d);
      shift(B, d);
    }
  }

  private void shift(int off, int d) {
    char[] a = counts;
    if (d > 0) {
      // new[j] = old[j - d]; everything that would pass the top lands in the last bucket.
      int top = 0;
      for (int i = Math.max(0, B - 1 - d); i < B; i++) {
        top += a[off + i];
      }
      a[off + B - 1] = (char) top;
      for (int j = B - 2; j >= d; j--) {
        a[off + j] = a[off + j - d];
      }
      Arrays.fill(a, off, off + Math.min(d, B - 1), (char) 0);
    } else {
      int e = -d;
      int bottom = 0;
      for (int i = 0; i <= Math.min(e, B - 1); i++) {
        bottom += a[off + i];
      }
      a[off] = (char) bottom;
      for (int j = 1; j <= B - 1 - e; j++) {
        a[off + j] = a[off + j + e];
      }
      Arrays.fill(a, off + Math.max(1, B - e), off + B, (char) 0);
    }
  }

  /** Starts a walk for {@link #valueAt}: ranks must then be asked in increasing order. */
  void startWalk() {
    walkBucket = 0;
    walkBefore = 0;
  }

  /** Value at a rank (0 .. total) of the merged windows, interpolated inside its bucket. */
  double valueAt(double rank) {
    while (true) {
      int c = counts[walkBucket] + counts[B + walkBucket];
      if (walkBefore + c > rank || walkBucket == B - 1) {
        double f = c == 0 ? 0.5 : Math.min(1, Math.max(0, (rank - walkBefore) / c));
        return LogBuckets.interpolate(walkBucket, f);
      }
      walkBefore += c;
      walkBucket++;
    }
  }

  /** Count in bucket i of the merged windows (tests). */
  int count(int i) {
    return counts[i] + counts[B + i];
  }
}
