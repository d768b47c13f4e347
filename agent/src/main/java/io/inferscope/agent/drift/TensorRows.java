package io.inferscope.agent.drift;

import java.nio.FloatBuffer;

/**
 * How much of a tensor is read, and the reading itself: in place, no copy, no allocation. Rows of a batch
 * are spread evenly over it (row 0 included) rather than taken from its start, so a batch sorted by
 * anything (time, customer, size) is still sampled across its range.
 */
final class TensorRows {
  private TensorRows() {}

  /** Rows of a {@code [rows, rowLength]} tensor to inspect: capped by rows per tensor and by K elements, at least 1. */
  static int rowsToInspect(int rows, int rowLength, DriftSettings settings) {
    int byElements = Math.max(1, settings.maxElementsPerTensor() / rowLength);
    return Math.min(rows, Math.min(settings.maxRowsPerTensor(), byElements));
  }

  /** The j-th of {@code inspect} rows spread over {@code rows}. */
  static int spreadRow(int j, int inspect, int rows) {
    return (int) ((long) j * rows / inspect);
  }

  /** Index of the largest of {@code a[offset .. offset+n)}, -1 when none is above -infinity (all NaN). */
  static int argmax(float[] a, int offset, int n) {
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float v = a[offset + i];
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    return best;
  }

  /** As {@link #argmax(float[], int, int)}, over absolute positions {@code start .. start+n)} of a buffer. */
  static int argmax(FloatBuffer b, int start, int n) {
    if (b.hasArray()) {
      return argmax(b.array(), b.arrayOffset() + start, n);
    }
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float v = b.get(start + i);
      if (v > bestValue) {
        bestValue = v;
        best = i;
      }
    }
    return best;
  }
}
