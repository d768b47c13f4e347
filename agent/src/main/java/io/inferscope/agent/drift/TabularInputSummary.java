package io.inferscope.agent.drift;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drift of a tabular input ({@code [batch, features]} floats): one quantile-binned track per feature for
 * the first {@code maxFeatures} features, a PSI per feature, and the input's PSI taken as the largest of
 * them (so one feature that moves flags the input, and {@link #mostDrifted()} names it).
 *
 * <p>Memory: {@code currentSize} bytes of ring per feature (about 1 KB each at the defaults), plus, until
 * the reference completes, {@code referenceSize} floats per feature (128 KB for 32 features at the
 * defaults), dropped then. The lock is taken per row, for that row's O(features) update.
 */
public final class TabularInputSummary extends DriftSummary {
  private final int features;
  private final ScalarTrack[] tracks;
  /** PSI per feature as of the last evaluation; guarded by the lock. */
  private final double[] featurePsi;

  /**
   * @param featureCount the input's second dimension; the first {@code maxFeatures} of them are watched
   */
  public TabularInputSummary(String model, String input, int featureCount, DriftSettings settings, DriftListener listener) {
    super(model, input, settings, listener, null, null);
    if (featureCount < 1) {
      throw new IllegalArgumentException("a tabular input has at least one feature, got " + featureCount);
    }
    this.features = Math.min(featureCount, settings.maxFeatures());
    this.tracks = new ScalarTrack[features];
    for (int f = 0; f < features; f++) {
      tracks[f] = new ScalarTrack(settings);
    }
    this.featurePsi = new double[features];
    Arrays.fill(featurePsi, Double.NaN);
  }

  @Override
  public String reason() {
    return "input_drift";
  }

  /** Features watched: indices 0 .. watchedFeatures()-1. */
  public int watchedFeatures() {
    return features;
  }

  /** One row: {@code data[offset .. offset+length)}; a row shorter than the watched features is ignored. */
  public void observeRow(float[] data, int offset, int length) {
    if (length < features || !tryLock()) {
      return;
    }
    boolean flagged;
    try {
      for (int f = 0; f < features; f++) {
        tracks[f].add(data[offset + f]);
      }
      flagged = countedLocked(1);
    } finally {
      lock.unlock();
    }
    if (flagged) {
      notifyListener(lastPsi());
    }
  }

  /**
   * A batch, row-major from the buffer's position ({@code [batch, rowLength]}), read in place: at most
   * {@code maxRowsPerTensor} rows spread over the batch and no more than K elements in all.
   */
  public void observeBatch(FloatBuffer batch, int rowLength) {
    if (rowLength < features) {
      return;
    }
    int rows = batch.remaining() / rowLength;
    int inspect = Math.min(rows, Math.min(settings.maxRowsPerTensor(), Math.max(1, settings.maxElementsPerTensor() / features)));
    int base = batch.position();
    for (int j = 0; j < inspect; j++) {
      int start = base + TensorRows.spreadRow(j, inspect, rows) * rowLength;
      if (!tryLock()) {
        continue;
      }
      boolean flagged;
      try {
        for (int f = 0; f < features; f++) {
          tracks[f].add(batch.get(start + f));
        }
        flagged = countedLocked(1);
      } finally {
        lock.unlock();
      }
      if (flagged) {
        notifyListener(lastPsi());
      }
    }
  }

  @Override
  double psiLocked() {
    double max = Double.NaN;
    for (int f = 0; f < features; f++) {
      double psi = tracks[f].psi();
      featurePsi[f] = psi;
      if (!Double.isNaN(psi) && !(psi <= max)) { // !(psi <= max) also holds while max is still NaN
        max = psi;
      }
    }
    return max;
  }

  /** PSI per watched feature as of the last evaluation (NaN: not known yet). */
  public double[] featurePsi() {
    lock.lock();
    try {
      return featurePsi.clone();
    } finally {
      lock.unlock();
    }
  }

  /** One feature and its PSI. */
  public record FeaturePsi(int feature, double psi) {}

  /** The {@code topFeatures} features with the highest PSI at the last evaluation, highest first. */
  public List<FeaturePsi> mostDrifted() {
    double[] psi = featurePsi();
    List<FeaturePsi> all = new ArrayList<>();
    for (int f = 0; f < psi.length; f++) {
      if (!Double.isNaN(psi[f])) {
        all.add(new FeaturePsi(f, psi[f]));
      }
    }
    all.sort((a, b) -> a.psi() != b.psi() ? Double.compare(b.psi(), a.psi()) : Integer.compare(a.feature(), b.feature()));
    return List.copyOf(all.subList(0, Math.min(settings.topFeatures(), all.size())));
  }

  /** The reference of each watched feature, or an empty list while it is filling. */
  public List<ReferenceSummary> referenceSnapshot() {
    List<ReferenceSummary> out = new ArrayList<>();
    lock.lock();
    try {
      for (int f = 0; f < features; f++) {
        ReferenceSummary s = tracks[f].referenceSnapshot(ReferenceSummary.Kind.FEATURE, model, name, f);
        if (s != null) {
          out.add(s);
        }
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /** The current window of each watched feature over its reference's bins (empty while there is none). */
  public List<ReferenceSummary> currentSnapshot() {
    List<ReferenceSummary> out = new ArrayList<>();
    lock.lock();
    try {
      for (int f = 0; f < features; f++) {
        ReferenceSummary s = tracks[f].currentSnapshot(ReferenceSummary.Kind.FEATURE, model, name, f);
        if (s != null) {
          out.add(s);
        }
      }
    } finally {
      lock.unlock();
    }
    return out;
  }

  /**
   * Pins saved feature references (matched by feature index; features not in the list keep their own).
   * Each pinned feature's current window starts empty.
   */
  public void pinReference(List<ReferenceSummary> references) {
    for (ReferenceSummary r : references) {
      if (r.kind() != ReferenceSummary.Kind.FEATURE) {
        throw new IllegalArgumentException("an input needs feature references, got " + r.kind());
      }
    }
    lock.lock();
    try {
      for (ReferenceSummary r : references) {
        if (r.feature() >= 0 && r.feature() < features) {
          tracks[r.feature()].pin(r);
        }
      }
    } finally {
      lock.unlock();
    }
  }
}
