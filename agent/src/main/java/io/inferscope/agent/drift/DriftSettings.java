package io.inferscope.agent.drift;

/**
 * How drift is watched; one instance serves every model. The defaults follow the usual PSI practice
 * (0.2 flags, 0.1 is stable) and keep the per-call cost and memory small; see the package comment.
 *
 * @param referenceSize observations in the reference window: the first ones a summary sees
 * @param currentSize observations in the rolling current window: the last ones
 * @param maxClasses distinct classes with a bin of their own per class output; later ones share one
 *     overflow bin ({@code _OTHER})
 * @param scalarBins bins of a scalar output or input feature, at quantiles of the reference (10: deciles)
 * @param maxElementsPerTensor K: elements read from one tensor at most, however large the batch
 * @param maxRowsPerTensor items (rows) inspected per tensor at most, spread over the batch, so one big
 *     batch cannot fill a window on its own
 * @param evaluateEvery M: PSI is computed every M observations of a summary (and at metric collection),
 *     never per call
 * @param driftThreshold PSI at or above which an output or input is flagged as drifting
 * @param rearmBelow PSI below which a flagged summary re-arms (hysteresis: flagged once, not repeatedly)
 * @param sampleOneIn N: predictions inspected, one in N per model on average (1: all; 0: none)
 * @param maxFeatures features of a 2-D input watched (the first ones)
 * @param topFeatures most drifted features named at most
 */
public record DriftSettings(
    int referenceSize,
    int currentSize,
    int maxClasses,
    int scalarBins,
    int maxElementsPerTensor,
    int maxRowsPerTensor,
    int evaluateEvery,
    double driftThreshold,
    double rearmBelow,
    int sampleOneIn,
    int maxFeatures,
    int topFeatures) {

  /** Bins are stored as one unsigned byte per observation in the ring, overflow and NaN bins included. */
  static final int MAX_BINS = 256;

  public DriftSettings {
    require(referenceSize >= 1 && referenceSize <= 1_000_000, "referenceSize must be 1 to 1,000,000", referenceSize);
    require(currentSize >= 1 && currentSize <= 1_000_000, "currentSize must be 1 to 1,000,000", currentSize);
    require(maxClasses >= 1 && maxClasses <= MAX_BINS - 1, "maxClasses must be 1 to " + (MAX_BINS - 1), maxClasses);
    require(scalarBins >= 2 && scalarBins <= 100, "scalarBins must be 2 to 100", scalarBins);
    require(maxElementsPerTensor >= 1, "maxElementsPerTensor must be at least 1", maxElementsPerTensor);
    require(maxRowsPerTensor >= 1, "maxRowsPerTensor must be at least 1", maxRowsPerTensor);
    require(evaluateEvery >= 1, "evaluateEvery must be at least 1", evaluateEvery);
    if (!(driftThreshold > 0) || !(rearmBelow >= 0) || rearmBelow > driftThreshold) {
      throw new IllegalArgumentException(
          "need 0 <= rearmBelow <= driftThreshold and driftThreshold > 0, got " + rearmBelow + " and " + driftThreshold);
    }
    require(sampleOneIn >= 0, "sampleOneIn must be 0 (off) or more", sampleOneIn);
    require(maxFeatures >= 1 && maxFeatures <= 1024, "maxFeatures must be 1 to 1024", maxFeatures);
    require(topFeatures >= 1, "topFeatures must be at least 1", topFeatures);
  }

  public static DriftSettings defaults() {
    return new DriftSettings(1000, 1000, 64, 10, 4096, 16, 100, 0.2, 0.1, 10, 32, 5);
  }

  public DriftSettings withWindows(int reference, int current) {
    return new DriftSettings(reference, current, maxClasses, scalarBins, maxElementsPerTensor, maxRowsPerTensor,
        evaluateEvery, driftThreshold, rearmBelow, sampleOneIn, maxFeatures, topFeatures);
  }

  public DriftSettings withEvaluateEvery(int m) {
    return new DriftSettings(referenceSize, currentSize, maxClasses, scalarBins, maxElementsPerTensor, maxRowsPerTensor,
        m, driftThreshold, rearmBelow, sampleOneIn, maxFeatures, topFeatures);
  }

  public DriftSettings withMaxClasses(int classes) {
    return new DriftSettings(referenceSize, currentSize, classes, scalarBins, maxElementsPerTensor, maxRowsPerTensor,
        evaluateEvery, driftThreshold, rearmBelow, sampleOneIn, maxFeatures, topFeatures);
  }

  public DriftSettings withTensorCaps(int elements, int rows) {
    return new DriftSettings(referenceSize, currentSize, maxClasses, scalarBins, elements, rows,
        evaluateEvery, driftThreshold, rearmBelow, sampleOneIn, maxFeatures, topFeatures);
  }

  public DriftSettings withFeatures(int features, int top) {
    return new DriftSettings(referenceSize, currentSize, maxClasses, scalarBins, maxElementsPerTensor, maxRowsPerTensor,
        evaluateEvery, driftThreshold, rearmBelow, sampleOneIn, features, top);
  }

  private static void require(boolean ok, String what, int value) {
    if (!ok) {
      throw new IllegalArgumentException(what + ", got " + value);
    }
  }
}
