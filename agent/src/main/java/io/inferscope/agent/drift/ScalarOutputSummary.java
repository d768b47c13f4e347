package io.inferscope.agent.drift;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import java.nio.FloatBuffer;

/**
 * Drift of a scalar or regression output: the distribution of its values over bins fixed at the
 * reference's quantiles ({@link QuantileEdges}), reference window against current window; each value also
 * goes to {@code ml.prediction.score}.
 */
public final class ScalarOutputSummary extends DriftSummary {
  private final ScalarTrack track;

  /** A summary with no metrics. */
  public ScalarOutputSummary(String model, String output, DriftSettings settings, DriftListener listener) {
    this(model, output, settings, listener, null, null);
  }

  ScalarOutputSummary(String model, String output, DriftSettings settings, DriftListener listener,
      DoubleHistogram scores, Attributes scoreAttributes) {
    super(model, output, settings, listener, scores, scoreAttributes);
    this.track = new ScalarTrack(settings);
  }

  @Override
  public String reason() {
    return "output_drift";
  }

  /** One item's value. */
  public void observe(double value) {
    recordScore(value);
    if (!tryLock()) {
      return;
    }
    boolean flagged;
    try {
      track.add(value);
      flagged = countedLocked(1);
    } finally {
      lock.unlock();
    }
    if (flagged) {
      notifyListener(lastPsi());
    }
  }

  /**
   * A batch of values, one per item ({@code [batch]} or {@code [batch, 1]}), from the buffer's position to
   * its limit, read in place; at most {@code maxRowsPerTensor} items (and K elements), spread over the batch,
   * under one lock acquisition.
   */
  public void observeBatch(FloatBuffer values) {
    int items = values.remaining();
    int inspect = TensorRows.rowsToInspect(items, 1, settings);
    int base = values.position();
    if (scores != null) {
      for (int j = 0; j < inspect; j++) {
        recordScore(values.get(base + TensorRows.spreadRow(j, inspect, items)));
      }
    }
    if (inspect == 0 || !tryLock()) {
      return;
    }
    boolean flagged;
    try {
      for (int j = 0; j < inspect; j++) {
        track.add(values.get(base + TensorRows.spreadRow(j, inspect, items)));
      }
      flagged = countedLocked(inspect);
    } finally {
      lock.unlock();
    }
    if (flagged) {
      notifyListener(lastPsi());
    }
  }

  @Override
  double psiLocked() {
    return track.psi();
  }

  /** The reference window as a savable summary, or null while it is still filling. */
  public ReferenceSummary referenceSnapshot() {
    lock.lock();
    try {
      return track.referenceSnapshot(ReferenceSummary.Kind.SCALAR, model, name, -1);
    } finally {
      lock.unlock();
    }
  }

  /** The current window over the reference's bins, or null while there is none. */
  public ReferenceSummary currentSnapshot() {
    lock.lock();
    try {
      return track.currentSnapshot(ReferenceSummary.Kind.SCALAR, model, name, -1);
    } finally {
      lock.unlock();
    }
  }

  /** Replaces the reference with a saved one; PSI is known again once the current window is full. */
  public void pinReference(ReferenceSummary reference) {
    if (reference.kind() != ReferenceSummary.Kind.SCALAR) {
      throw new IllegalArgumentException("a scalar output needs a scalar reference, got " + reference.kind());
    }
    lock.lock();
    try {
      track.pin(reference);
    } finally {
      lock.unlock();
    }
  }
}
