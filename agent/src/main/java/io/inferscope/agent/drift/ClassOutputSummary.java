package io.inferscope.agent.drift;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Drift of a classification output: the distribution of the predicted class (argmax of a probability or
 * logit vector, or a DJL class name) in the reference window against the current window, and the top
 * score of each prediction ({@code ml.prediction.score}). Classes are capped (see {@link ClassBins}).
 *
 * <p>Reading a vector: at most {@code maxElementsPerTensor} (K) elements of a row are read, so classes
 * at index K and beyond are never seen (set K above the class count); of a batch, at most
 * {@code maxRowsPerTensor} rows, spread evenly over it, and no more rows than K elements allow. The argmax
 * is found before the lock is taken; the lock covers only the O(1) count update. A row whose scores are
 * all NaN has no class and counts in the overflow bin.
 */
public final class ClassOutputSummary extends DriftSummary {
  private final boolean namedClasses;
  private final ClassBins bins;
  private final DriftWindows windows;
  /** Inspected predictions per bin since the start, for the ml.prediction.class counter. */
  private final long[] totals;
  private boolean referenceComplete;

  /** A summary fed by class index (argmax of a score vector), with no metrics. */
  public ClassOutputSummary(String model, String output, DriftSettings settings, DriftListener listener) {
    this(model, output, false, settings, listener, null, null);
  }

  ClassOutputSummary(String model, String output, boolean namedClasses, DriftSettings settings, DriftListener listener,
      DoubleHistogram scores, Attributes scoreAttributes) {
    super(model, output, settings, listener, scores, scoreAttributes);
    this.namedClasses = namedClasses;
    this.bins = new ClassBins(settings.maxClasses(), settings.maxElementsPerTensor());
    this.windows = new DriftWindows(bins.bins(), settings.currentSize());
    this.totals = new long[bins.bins()];
  }

  /** A summary fed by class name (DJL {@code Classifications}), with no metrics. */
  public static ClassOutputSummary byName(String model, String output, DriftSettings settings, DriftListener listener) {
    return new ClassOutputSummary(model, output, true, settings, listener, null, null);
  }

  @Override
  public String reason() {
    return "output_drift";
  }

  public boolean namedClasses() {
    return namedClasses;
  }

  /** One item's score vector: {@code data[offset .. offset+length)}. */
  public void observeRow(float[] data, int offset, int length) {
    int n = Math.min(length, settings.maxElementsPerTensor());
    if (n <= 0) {
      return;
    }
    int best = TensorRows.argmax(data, offset, n);
    observeArgmax(best, n, best < 0 ? Double.NaN : data[offset + best]);
  }

  /**
   * A batch of score vectors, row-major from the buffer's position to its limit ({@code [batch, rowLength]}),
   * read in place with absolute gets: the buffer's position is not moved and nothing is copied.
   */
  public void observeBatch(FloatBuffer batch, int rowLength) {
    if (rowLength <= 0) {
      return;
    }
    int rows = batch.remaining() / rowLength;
    int n = Math.min(rowLength, settings.maxElementsPerTensor());
    int inspect = TensorRows.rowsToInspect(rows, rowLength, settings);
    for (int j = 0; j < inspect; j++) {
      int start = batch.position() + TensorRows.spreadRow(j, inspect, rows) * rowLength;
      int best = TensorRows.argmax(batch, start, n);
      observeArgmax(best, n, best < 0 ? Double.NaN : batch.get(start + best));
    }
  }

  /** A prediction whose class index is already known (e.g. a label output), with its score (NaN: none). */
  public void observeClass(int classIndex, double score) {
    observeArgmax(classIndex, classIndex + 1, score);
  }

  /**
   * A batch of predicted class indices (a classifier's label output, e.g. scikit-learn's {@code int64}
   * {@code [batch]}), from the buffer's position to its limit, read in place: at most
   * {@code maxRowsPerTensor} items spread over the batch. Labels at or above {@code maxElementsPerTensor},
   * or negative, count as {@code _OTHER}. No score.
   */
  public void observeLabels(LongBuffer labels) {
    int items = labels.remaining();
    int inspect = TensorRows.rowsToInspect(items, 1, settings);
    int base = labels.position();
    for (int j = 0; j < inspect; j++) {
      long label = labels.get(base + TensorRows.spreadRow(j, inspect, items));
      observeClass(label < 0 || label > Integer.MAX_VALUE - 1 ? -1 : (int) label, Double.NaN);
    }
  }

  /** A prediction given by class name (DJL), with its probability. */
  public void observeNamed(String className, double probability) {
    recordScore(probability);
    if (!tryLock()) {
      return;
    }
    boolean flagged;
    try {
      addLocked(bins.binOf(className));
      flagged = countedLocked(1);
    } finally {
      lock.unlock();
    }
    if (flagged) {
      notifyListener(lastPsi());
    }
  }

  /**
   * A DJL {@code Classifications}' parallel lists (class names, probabilities), read in place: the best
   * class among the first {@code maxElementsPerTensor} entries. The lists must be random-access
   * (DJL's are ArrayLists).
   */
  public void observeNamed(List<String> classNames, List<? extends Number> probabilities) {
    int n = Math.min(Math.min(classNames.size(), probabilities.size()), settings.maxElementsPerTensor());
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      double p = probabilities.get(i).doubleValue();
      if (p > bestValue) {
        bestValue = p;
        best = i;
      }
    }
    if (n > 0) {
      observeNamed(best < 0 ? null : classNames.get(best), best < 0 ? Double.NaN : bestValue);
    }
  }

  /** @param classIndex the class, or -1 for none (the overflow bin) */
  private void observeArgmax(int classIndex, int rowLength, double score) {
    recordScore(score);
    if (!tryLock()) {
      return;
    }
    boolean flagged;
    try {
      bins.ensureIndexCapacity(rowLength);
      addLocked(classIndex < 0 ? bins.overflowBin() : bins.binOf(classIndex));
      flagged = countedLocked(1);
    } finally {
      lock.unlock();
    }
    if (flagged) {
      notifyListener(lastPsi());
    }
  }

  private void addLocked(int bin) {
    totals[bin]++;
    if (!referenceComplete) {
      windows.addReference(bin);
      referenceComplete = windows.referenceTotal() >= settings.referenceSize();
    }
    windows.addCurrent(bin);
  }

  @Override
  double psiLocked() {
    return referenceComplete && windows.currentFull() ? windows.psi() : Double.NaN;
  }

  /** One class and how many inspected predictions chose it since the start. */
  public record ClassCount(String label, long count) {}

  /** Classes predicted so far with their counts (for the ml.prediction.class counter), overflow last. */
  public List<ClassCount> classCounts() {
    List<ClassCount> counts = new ArrayList<>();
    lock.lock();
    try {
      for (int bin = 0; bin < bins.used(); bin++) {
        counts.add(new ClassCount(bins.label(bin), totals[bin]));
      }
      int overflow = bins.overflowBin();
      if (totals[overflow] > 0) {
        counts.add(new ClassCount(bins.label(overflow), totals[overflow]));
      }
    } finally {
      lock.unlock();
    }
    return counts;
  }

  /** The reference window as a savable summary, or null while it is still filling. */
  public ReferenceSummary referenceSnapshot() {
    lock.lock();
    try {
      return referenceComplete ? snapshot(windows.referenceCounts()) : null;
    } finally {
      lock.unlock();
    }
  }

  /** The current window as a summary over the same bins (e.g. to save it as a new reference), or null while empty. */
  public ReferenceSummary currentSnapshot() {
    lock.lock();
    try {
      return windows.currentSize() > 0 ? snapshot(windows.currentCounts()) : null;
    } finally {
      lock.unlock();
    }
  }

  private ReferenceSummary snapshot(long[] counts) {
    List<String> labels = new ArrayList<>();
    List<Long> kept = new ArrayList<>();
    for (int bin = 0; bin < bins.used(); bin++) {
      labels.add(bins.label(bin));
      kept.add(counts[bin]);
    }
    if (counts[bins.overflowBin()] > 0) {
      labels.add(ClassBins.OVERFLOW_LABEL);
      kept.add(counts[bins.overflowBin()]);
    }
    return ReferenceSummary.classes(model, name, labels, kept.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Replaces the reference with a saved one (e.g. from training data): the reference is complete at once
   * and the current window starts empty, so PSI is known again once it is full. Labels beyond the class
   * cap share the overflow bin.
   */
  public void pinReference(ReferenceSummary reference) {
    if (reference.kind() != ReferenceSummary.Kind.CLASS) {
      throw new IllegalArgumentException("a class output needs a class reference, got " + reference.kind());
    }
    List<String> labels = reference.labels();
    long[] saved = reference.counts();
    if (!namedClasses) {
      for (String label : labels) {
        if (!ClassBins.OVERFLOW_LABEL.equals(label) && !label.matches("[0-9]{1,9}")) {
          throw new IllegalArgumentException("class label '" + label + "' is not a class index, and " + name + " is fed by index");
        }
      }
    }
    lock.lock();
    try {
      long[] counts = new long[bins.bins()];
      for (int i = 0; i < labels.size(); i++) {
        counts[bins.binOfLabel(labels.get(i), !namedClasses)] += saved[i];
      }
      windows.setReference(counts);
      referenceComplete = true;
    } finally {
      lock.unlock();
    }
  }
}
