package io.inferscope.agent.drift;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A reference distribution that can be saved, read back, pinned to a live summary or compared with
 * another: the bins and their counts of one output or one input feature. Immutable.
 *
 * <ul>
 *   <li>{@link Kind#CLASS}: {@code labels[i]} (a class index or name, or {@code _OTHER}) has {@code counts[i]};
 *       no edges.
 *   <li>{@link Kind#SCALAR} (an output) and {@link Kind#FEATURE} (feature {@code feature} of an input): k
 *       ascending edges and k + 2 counts: the k + 1 range bins of {@link QuantileEdges}, then NaN.
 * </ul>
 */
public final class ReferenceSummary {
  /** What the summary describes; {@link #token()} is its name in a reference file. */
  public enum Kind {
    CLASS("class"),
    SCALAR("scalar"),
    FEATURE("feature");

    private final String token;

    Kind(String token) {
      this.token = token;
    }

    public String token() {
      return token;
    }
  }

  private final Kind kind;
  private final String model;
  private final String name;
  private final int feature;
  private final List<String> labels;
  private final double[] edges;
  private final long[] counts;

  private ReferenceSummary(Kind kind, String model, String name, int feature, List<String> labels, double[] edges, long[] counts) {
    this.kind = Objects.requireNonNull(kind);
    this.model = Objects.requireNonNull(model);
    this.name = Objects.requireNonNull(name);
    this.feature = feature;
    this.labels = List.copyOf(labels);
    this.edges = edges.clone();
    this.counts = counts.clone();
    for (long c : counts) {
      if (c < 0) {
        throw new IllegalArgumentException("counts cannot be negative: " + Arrays.toString(counts));
      }
    }
  }

  /** A class distribution; labels must be distinct. */
  public static ReferenceSummary classes(String model, String output, List<String> labels, long[] counts) {
    if (labels.size() != counts.length) {
      throw new IllegalArgumentException(labels.size() + " labels but " + counts.length + " counts");
    }
    if (labels.stream().distinct().count() != labels.size()) {
      throw new IllegalArgumentException("class labels repeat: " + labels);
    }
    return new ReferenceSummary(Kind.CLASS, model, output, -1, labels, new double[0], counts);
  }

  /** A scalar output ({@code feature} -1) or input feature distribution over quantile edges. */
  public static ReferenceSummary scalar(Kind kind, String model, String name, int feature, double[] edges, long[] counts) {
    if (kind == Kind.CLASS) {
      throw new IllegalArgumentException("use classes() for a class distribution");
    }
    if ((kind == Kind.FEATURE) != (feature >= 0)) {
      throw new IllegalArgumentException("a feature has an index from 0, an output has none (-1); got " + kind + " " + feature);
    }
    QuantileEdges.of(edges); // validates: ascending, distinct, not NaN
    if (counts.length != edges.length + 2) {
      throw new IllegalArgumentException(edges.length + " edges need " + (edges.length + 2) + " counts (ranges, then NaN), got " + counts.length);
    }
    return new ReferenceSummary(kind, model, name, feature, List.of(), edges, counts);
  }

  public Kind kind() {
    return kind;
  }

  public String model() {
    return model;
  }

  /** Output name, or input name for a feature. */
  public String name() {
    return name;
  }

  /** Feature index for {@link Kind#FEATURE}, -1 otherwise. */
  public int feature() {
    return feature;
  }

  public List<String> labels() {
    return labels;
  }

  public double[] edges() {
    return edges.clone();
  }

  public long[] counts() {
    return counts.clone();
  }

  public long total() {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    return total;
  }

  /** What two summaries are matched on when compared: kind, model, name and feature. */
  public String key() {
    return kind.token + " " + model + "/" + name + (feature >= 0 ? "[" + feature + "]" : "");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReferenceSummary r && kind == r.kind && model.equals(r.model) && name.equals(r.name)
        && feature == r.feature && labels.equals(r.labels) && Arrays.equals(edges, r.edges) && Arrays.equals(counts, r.counts);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, model, name, feature, labels, Arrays.hashCode(edges), Arrays.hashCode(counts));
  }

  @Override
  public String toString() {
    return key() + (kind == Kind.CLASS ? " labels=" + labels : " edges=" + Arrays.toString(edges)) + " counts=" + Arrays.toString(counts);
  }
}
