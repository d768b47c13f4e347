package io.inferscope.agent.drift;

/**
 * The windows of one scalar stream (a scalar output, or one feature of a tabular input). Bins are unknown
 * until the reference is complete, so the reference's values are kept (as floats: 4 bytes each, allocated
 * at the first value) until then; at completion the edges are fixed ({@link QuantileEdges}), the kept
 * values are counted into the reference and, in arrival order, into the current window (which is the
 * last {@code currentSize} observations, reference ones included), and the values are dropped. After that
 * an observation is one binary search and one ring update.
 *
 * <p>Not thread-safe: the owning summary's lock guards it.
 */
final class ScalarTrack {
  private final DriftSettings settings;
  private float[] referenceValues;
  private int referenceCount;
  private QuantileEdges edges;
  private DriftWindows windows;

  ScalarTrack(DriftSettings settings) {
    this.settings = settings;
  }

  void add(double value) {
    if (edges != null) {
      windows.addCurrent(edges.binOf(value));
      return;
    }
    if (referenceValues == null) {
      referenceValues = new float[settings.referenceSize()];
    }
    referenceValues[referenceCount++] = (float) value;
    if (referenceCount == referenceValues.length) {
      completeReference();
    }
  }

  private void completeReference() {
    float[] values = referenceValues;
    int n = referenceCount;
    edges = QuantileEdges.fromReference(values, n, settings.scalarBins());
    windows = new DriftWindows(edges.bins(), settings.currentSize());
    for (int i = 0; i < n; i++) {
      windows.addReference(edges.binOf(values[i]));
    }
    for (int i = Math.max(0, n - settings.currentSize()); i < n; i++) {
      windows.addCurrent(edges.binOf(values[i]));
    }
    referenceValues = null;
    referenceCount = 0;
  }

  boolean referenceComplete() {
    return edges != null;
  }

  /** PSI of the current window against the reference, NaN until both are complete. */
  double psi() {
    return edges != null && windows.currentFull() ? windows.psi() : Double.NaN;
  }

  /** Replaces the reference with saved edges and counts; the current window starts empty. */
  void pin(ReferenceSummary reference) {
    QuantileEdges pinned = QuantileEdges.of(reference.edges());
    if (reference.counts().length != pinned.bins()) {
      throw new IllegalArgumentException(
          "a reference with " + reference.edges().length + " edges needs " + pinned.bins() + " counts, has " + reference.counts().length);
    }
    DriftWindows pinnedWindows = new DriftWindows(pinned.bins(), settings.currentSize());
    pinnedWindows.setReference(reference.counts());
    edges = pinned;
    windows = pinnedWindows;
    referenceValues = null;
    referenceCount = 0;
  }

  /** The reference as a savable summary, or null while it is filling. */
  ReferenceSummary referenceSnapshot(ReferenceSummary.Kind kind, String model, String name, int feature) {
    return edges == null ? null : ReferenceSummary.scalar(kind, model, name, feature, edges.edges(), windows.referenceCounts());
  }

  /** The current window over the reference's bins, or null while there is none. */
  ReferenceSummary currentSnapshot(ReferenceSummary.Kind kind, String model, String name, int feature) {
    return edges == null || windows.currentSize() == 0
        ? null : ReferenceSummary.scalar(kind, model, name, feature, edges.edges(), windows.currentCounts());
  }
}
