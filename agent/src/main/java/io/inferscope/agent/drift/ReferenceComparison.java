package io.inferscope.agent.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PSI between two saved references, summary by summary (matched on kind, model, name and feature), e.g.
 * the training data's reference against one saved from production.
 *
 * <p>Classes are matched by label (a label missing on one side counts 0 there). Scalars over the same edges
 * are compared exactly. Scalars binned differently (two references built from different data) are compared
 * on the first one's bins, the second's counts spread over them assuming values uniform inside each of its
 * bins, its open-ended first and last bins as if they were as wide as their finite neighbour: an
 * approximation, reported as {@code exactBins == false}.
 */
public final class ReferenceComparison {
  private ReferenceComparison() {}

  /** PSI of {@code current} against {@code reference}, and whether their bins matched exactly. */
  public record Difference(String key, double psi, boolean exactBins) {}

  /** Summaries in both (in the first's order), and the keys found on one side only. */
  public record Result(List<Difference> differences, List<String> onlyInFirst, List<String> onlyInSecond) {}

  public static Result compare(List<ReferenceSummary> first, List<ReferenceSummary> second) {
    Map<String, ReferenceSummary> others = new LinkedHashMap<>();
    second.forEach(s -> others.put(s.key(), s));
    List<Difference> differences = new ArrayList<>();
    List<String> onlyInFirst = new ArrayList<>();
    for (ReferenceSummary a : first) {
      ReferenceSummary b = others.remove(a.key());
      if (b == null) {
        onlyInFirst.add(a.key());
      } else {
        differences.add(difference(a, b));
      }
    }
    return new Result(differences, onlyInFirst, new ArrayList<>(others.keySet()));
  }

  /** PSI of {@code current} against {@code reference}; both of the same kind. NaN when either is empty. */
  public static Difference difference(ReferenceSummary reference, ReferenceSummary current) {
    if (reference.kind() != current.kind()) {
      throw new IllegalArgumentException("cannot compare " + reference.kind() + " with " + current.kind());
    }
    if (reference.total() == 0 || current.total() == 0) {
      return new Difference(reference.key(), Double.NaN, true);
    }
    if (reference.kind() == ReferenceSummary.Kind.CLASS) {
      return new Difference(reference.key(), classes(reference, current), true);
    }
    double[] edges = reference.edges();
    if (Arrays.equals(edges, current.edges())) {
      return new Difference(reference.key(), Psi.of(proportions(reference.counts()), proportions(current.counts())), true);
    }
    if (current.edges().length == 0 && current.counts()[0] > 0) {
      return new Difference(reference.key(), Double.NaN, false); // its values have no position to rebin by
    }
    double[] rebinned = rebin(current.edges(), current.counts(), edges);
    return new Difference(reference.key(), Psi.of(proportions(reference.counts()), proportions(rebinned)), false);
  }

  private static double classes(ReferenceSummary reference, ReferenceSummary current) {
    Map<String, double[]> byLabel = new LinkedHashMap<>();
    long[] r = reference.counts();
    long[] c = current.counts();
    for (int i = 0; i < r.length; i++) {
      byLabel.computeIfAbsent(reference.labels().get(i), k -> new double[2])[0] = r[i];
    }
    for (int i = 0; i < c.length; i++) {
      byLabel.computeIfAbsent(current.labels().get(i), k -> new double[2])[1] = c[i];
    }
    double[] rp = new double[byLabel.size()];
    double[] cp = new double[byLabel.size()];
    int i = 0;
    for (double[] pair : byLabel.values()) {
      rp[i] = pair[0];
      cp[i] = pair[1];
      i++;
    }
    return Psi.of(proportions(rp), proportions(cp));
  }

  /**
   * Spreads counts over {@code from} edges onto the bins of {@code to} edges: uniform inside a finite bin;
   * the open-ended first and last bins uniform over one width of their finite neighbour beyond their edge
   * (a point at the edge when there is no finite neighbour); NaN stays NaN.
   *
   * <p>Not a point at the edge: two samples of one distribution have edges a little apart, and a point would
   * drop a whole tail bin (a tenth of the values) on the wrong side of the other's nearby edge, an empty bin
   * that reads as drift (PSI about 0.7 for two uniform samples).
   */
  static double[] rebin(double[] from, long[] counts, double[] to) {
    QuantileEdges target = QuantileEdges.of(to);
    double[] out = new double[target.bins()];
    out[target.nanBin()] = counts[from.length + 1];
    if (from.length == 0) {
      return out; // one range bin with no position: the caller reports NaN unless it is empty
    }
    double first = from[0];
    double last = from[from.length - 1];
    double firstWidth = from.length > 1 ? from[1] - first : Double.NaN;
    double lastWidth = from.length > 1 ? last - from[from.length - 2] : Double.NaN;
    spread(out, target, to, first - firstWidth, first, counts[0]);
    spread(out, target, to, last, last + lastWidth, counts[from.length]);
    for (int j = 1; j < from.length; j++) {
      spread(out, target, to, from[j - 1], from[j], counts[j]);
    }
    return out;
  }

  /**
   * Adds {@code c} values uniform in [lo, hi) to the target bins; with no usable width (infinite, zero or
   * NaN), as a point at the finite end.
   */
  private static void spread(double[] out, QuantileEdges target, double[] to, double lo, double hi, double c) {
    if (c == 0) {
      return;
    }
    double width = hi - lo;
    if (!(width > 0) || Double.isInfinite(width)) {
      double at = Double.isNaN(lo) || Double.isInfinite(lo) ? Math.nextDown(hi) : lo;
      out[target.binOf(Double.isNaN(hi) || Double.isInfinite(hi) ? lo : at)] += c;
      return;
    }
    for (int k = target.binOf(lo); k <= target.binOf(Math.nextDown(hi)); k++) {
      double lower = k == 0 ? Double.NEGATIVE_INFINITY : to[k - 1];
      double upper = k == to.length ? Double.POSITIVE_INFINITY : to[k];
      double overlap = Math.min(hi, upper) - Math.max(lo, lower);
      out[k] += c * overlap / width;
    }
  }

  private static double[] proportions(long[] counts) {
    double[] p = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      p[i] = counts[i];
    }
    return proportions(p);
  }

  private static double[] proportions(double[] counts) {
    double total = 0;
    for (double c : counts) {
      total += c;
    }
    double[] p = new double[counts.length];
    for (int i = 0; i < counts.length; i++) {
      p[i] = total > 0 ? counts[i] / total : 0;
    }
    return p;
  }
}
