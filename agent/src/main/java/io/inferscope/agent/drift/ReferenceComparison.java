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
 * bins, and its open-ended first and last bins taken as points at their finite edge: an approximation,
 * reported as {@code exactBins == false}.
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
   * Spreads counts over {@code from} edges onto the bins of {@code to} edges: uniform inside a finite bin,
   * a point at the finite edge for the open-ended ones; NaN stays NaN.
   */
  static double[] rebin(double[] from, long[] counts, double[] to) {
    QuantileEdges target = QuantileEdges.of(to);
    double[] out = new double[target.bins()];
    out[target.nanBin()] = counts[from.length + 1];
    if (from.length == 0) {
      return out; // one range bin with no position: the caller reports NaN unless it is empty
    }
    out[target.binOf(Math.nextDown(from[0]))] += counts[0];
    out[target.binOf(from[from.length - 1])] += counts[from.length];
    for (int j = 1; j < from.length; j++) {
      double lo = from[j - 1];
      double hi = from[j];
      long c = counts[j];
      if (c == 0) {
        continue;
      }
      if (Double.isInfinite(hi - lo)) {
        out[target.binOf(Double.isInfinite(lo) ? hi : lo)] += c;
        continue;
      }
      for (int k = target.binOf(lo); k <= target.binOf(Math.nextDown(hi)); k++) {
        double lower = k == 0 ? Double.NEGATIVE_INFINITY : to[k - 1];
        double upper = k == to.length ? Double.POSITIVE_INFINITY : to[k];
        double overlap = Math.min(hi, upper) - Math.max(lo, lower);
        out[k] += c * overlap / (hi - lo);
      }
    }
    return out;
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
