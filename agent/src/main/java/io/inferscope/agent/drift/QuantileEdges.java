package io.inferscope.agent.drift;

import java.util.Arrays;

/**
 * Bins of a scalar (an output value or an input feature), fixed once from the reference window.
 *
 * <p>Edges are lower-inclusive: bin i holds values v with {@code edge[i-1] <= v < edge[i]}; the first bin
 * is open below, the last open above, so a current value outside the reference's range still has a bin.
 * One more bin, the last, holds NaN (a model that starts emitting NaN drifts). With B bins the edges are
 * the reference quantiles at 1/B .. (B-1)/B (deciles for B = 10), each taken as a reference value
 * (sorted[k·n/B]), so each range bin holds about n/B reference values.
 *
 * <p>Ties: a quantile that repeats (a value holding 1/B of the reference or more, e.g. a ReLU's zeros) gets
 * a bin of its own, [v, next float above v), so values equal to it are told apart from values just above.
 * That is also how a constant reference is handled without dividing by zero: its edges are {c, next(c)},
 * giving the bins below c, exactly c, above c, and NaN; a shift either way is then visible. Each quantile
 * gives one edge, so there are at most B - 1. Edges are floats: inputs and outputs come from float tensors.
 */
final class QuantileEdges {
  private final double[] edges;

  private QuantileEdges(double[] edges) {
    this.edges = edges;
  }

  /** Edges from the first {@code n} reference values (not modified; NaNs are ignored for the edges). */
  static QuantileEdges fromReference(float[] values, int n, int bins) {
    float[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted); // NaN sorts last
    int finite = n;
    while (finite > 0 && Float.isNaN(sorted[finite - 1])) {
      finite--;
    }
    if (finite == 0) {
      return new QuantileEdges(new double[0]);
    }
    double[] candidates = new double[bins - 1];
    int count = 0;
    float previous = Float.NaN;
    for (int k = 1; k < bins; k++) {
      float q = sorted[(int) ((long) k * finite / bins)];
      if (q == previous) {
        candidates[count++] = Math.nextUp(q); // a repeated quantile: give the tied value its own bin
      } else {
        candidates[count++] = q;
      }
      previous = q;
    }
    Arrays.sort(candidates, 0, count);
    return new QuantileEdges(distinct(candidates, count));
  }

  /** Edges as saved (ascending, distinct, not NaN); throws IllegalArgumentException otherwise. */
  static QuantileEdges of(double[] edges) {
    for (int i = 0; i < edges.length; i++) {
      if (Double.isNaN(edges[i]) || (i > 0 && !(edges[i] > edges[i - 1]))) {
        throw new IllegalArgumentException("edges must be ascending, distinct numbers: " + Arrays.toString(edges));
      }
    }
    if (edges.length + 2 > DriftSettings.MAX_BINS) {
      throw new IllegalArgumentException(edges.length + " edges, at most " + (DriftSettings.MAX_BINS - 2));
    }
    return new QuantileEdges(edges.clone());
  }

  private static double[] distinct(double[] sorted, int count) {
    double[] out = new double[count];
    int m = 0;
    for (int i = 0; i < count; i++) {
      if (m == 0 || sorted[i] != out[m - 1]) {
        out[m++] = sorted[i];
      }
    }
    return Arrays.copyOf(out, m);
  }

  /** Bins in all: range bins plus the NaN bin. */
  int bins() {
    return edges.length + 2;
  }

  int nanBin() {
    return edges.length + 1;
  }

  /** The bin of a value: a binary search over at most B - 1 edges (4 steps for deciles), no allocation. */
  int binOf(double v) {
    if (v != v) {
      return edges.length + 1;
    }
    int lo = 0;
    int hi = edges.length; // answer: how many edges are <= v
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (edges[mid] <= v) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  double[] edges() {
    return edges.clone();
  }
}
