package io.inferscope.agent.drift;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.opentelemetry.api.common.AttributeKey;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * One loaded model's watched outputs and inputs: what the framework hooks hand an inspected call's
 * tensors to. The first time a name is seen its tensor decides how it is watched, and that is kept:
 *
 * <ul>
 *   <li>a float output {@code [batch, classes]} with at least 2 classes: a class output (argmax per row);
 *   <li>a float output {@code [batch]}, {@code [batch, 1]} or a scalar: a scalar output;
 *   <li>an {@code int64} output {@code [batch]} or {@code [batch, 1]}: predicted class labels;
 *   <li>a float input {@code [batch, features]}: a tabular input (per-feature PSI);
 *   <li>anything else (images, sequences, token ids, strings, rank 3 and up): not watched, and not looked
 *       at again.
 * </ul>
 *
 * A later tensor of a different rank under the same name is skipped, not reinterpreted. Names are looked up
 * in a small copy-on-write array (a model has a handful), so an inspected call allocates nothing here once
 * its names are known; at most {@link #MAX_NAMES} names per model are kept.
 */
public final class ModelWatch {
  /** On spans of a model while one of its outputs or inputs is flagged: the highest PSI among them. */
  public static final AttributeKey<Double> PSI = AttributeKey.doubleKey("inferscope.drift.psi");
  static final int MAX_NAMES = 64;

  private enum Kind { CLASSES, SCALAR, LABELS, TABULAR, NAMED, NONE }

  /** One name's decision, fixed at first sight. */
  private record Slot(String name, boolean input, Kind kind, int rank, DriftSummary summary) {}

  private final DriftMonitor monitor;
  private final AnomalyKey owner;
  private volatile Slot[] slots = new Slot[0];

  public ModelWatch(DriftMonitor monitor, AnomalyKey owner) {
    this.monitor = monitor;
    this.owner = owner;
  }

  /** A float tensor, read in place from the buffer's position. */
  public void floats(boolean input, String name, long[] shape, FloatBuffer data) {
    Slot slot = slot(input, name, shape, input ? (shape.length == 2 ? Kind.TABULAR : Kind.NONE) : floatOutputKind(shape));
    if (slot == null || slot.rank != shape.length) {
      return;
    }
    long elements = elements(shape);
    if (elements < 0 || data.remaining() < elements) {
      return; // a shape the data does not cover: not ours to guess at
    }
    switch (slot.kind) {
      case TABULAR -> ((TabularInputSummary) slot.summary).observeBatch(limited(data, elements), (int) shape[1]);
      case CLASSES -> ((ClassOutputSummary) slot.summary).observeBatch(limited(data, elements), (int) shape[1]);
      case SCALAR -> ((ScalarOutputSummary) slot.summary).observeBatch(limited(data, elements));
      default -> { }
    }
  }

  /** An {@code int64} output: class labels when it is {@code [batch]} or {@code [batch, 1]}. */
  public void longs(String name, long[] shape, LongBuffer data) {
    boolean labels = shape.length == 1 || (shape.length == 2 && shape[1] == 1);
    Slot slot = slot(false, name, shape, labels ? Kind.LABELS : Kind.NONE);
    if (slot == null || slot.rank != shape.length || slot.kind != Kind.LABELS) {
      return;
    }
    long elements = elements(shape);
    if (elements >= 0 && data.remaining() >= elements) {
      ((ClassOutputSummary) slot.summary).observeLabels(elements == data.remaining() ? data : data.duplicate().limit(data.position() + (int) elements));
    }
  }

  /** A prediction given by class names and probabilities (DJL {@code Classifications}). */
  public void classified(String output, List<String> classNames, List<? extends Number> probabilities) {
    Slot slot = slot(false, output, null, Kind.NAMED);
    if (slot != null && slot.kind == Kind.NAMED) {
      ((ClassOutputSummary) slot.summary).observeNamed(classNames, probabilities);
    }
  }

  /** Items of one batch inspected at most ({@code maxRowsPerTensor}), for callers that walk a batch themselves. */
  public int maxRows() {
    return monitor.settings().maxRowsPerTensor();
  }

  /** The highest PSI among this model's flagged outputs and inputs, NaN while none is flagged. */
  public double driftingPsi() {
    double psi = Double.NaN;
    for (Slot slot : slots) {
      DriftSummary s = slot.summary;
      if (s != null && s.drifting()) {
        double p = s.lastPsi();
        if (!(p <= psi)) {
          psi = p;
        }
      }
    }
    return psi;
  }

  private static Kind floatOutputKind(long[] shape) {
    if (shape.length == 0 || shape.length == 1 || (shape.length == 2 && shape[1] == 1)) {
      return Kind.SCALAR;
    }
    return shape.length == 2 && shape[1] >= 2 ? Kind.CLASSES : Kind.NONE;
  }

  /** Elements of a tensor of this shape, or -1 when a dimension is unknown or the count exceeds an int. */
  private static long elements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        return -1;
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return n;
  }

  /** The buffer limited to the tensor's elements (a view only when the buffer is longer than the tensor). */
  private static FloatBuffer limited(FloatBuffer data, long elements) {
    return data.remaining() == elements ? data : data.duplicate().limit(data.position() + (int) elements);
  }

  /** The slot for a name, created on first sight; null when it is not watched (or past the caps). */
  private Slot slot(boolean input, String name, long[] shape, Kind kind) {
    if (name == null) {
      return null;
    }
    Slot[] current = slots;
    for (Slot s : current) {
      if (s.input == input && s.name.equals(name)) {
        return s.summary == null ? null : s;
      }
    }
    return create(input, name, shape, kind);
  }

  private synchronized Slot create(boolean input, String name, long[] shape, Kind kind) {
    for (Slot s : slots) {
      if (s.input == input && s.name.equals(name)) {
        return s.summary == null ? null : s;
      }
    }
    if (slots.length >= MAX_NAMES) {
      return null;
    }
    if (kind == Kind.TABULAR && (shape[1] < 1 || shape[1] > Integer.MAX_VALUE)) {
      kind = Kind.NONE;
    }
    DriftMetrics metrics = monitor.metrics();
    DriftSummary summary = switch (kind) {
      case TABULAR -> metrics.tabularInput(owner, name, (int) shape[1]);
      case CLASSES, LABELS -> metrics.classOutput(owner, name);
      case SCALAR -> metrics.scalarOutput(owner, name);
      case NAMED -> metrics.namedClassOutput(owner, name);
      case NONE -> null;
    };
    // A name past the summary cap (null) is remembered as unwatched too, so it is not asked for again.
    Slot slot = new Slot(name, input, summary == null ? Kind.NONE : kind, shape == null ? -1 : shape.length, summary);
    Slot[] grown = Arrays.copyOf(slots, slots.length + 1);
    grown[grown.length - 1] = slot;
    slots = grown;
    return summary == null ? null : slot;
  }
}
