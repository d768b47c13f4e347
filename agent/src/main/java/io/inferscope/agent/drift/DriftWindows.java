package io.inferscope.agent.drift;

import java.util.Arrays;

/**
 * Bin counts of the reference window and of the rolling current window of one summary. The current
 * window is a ring of bin indices, one unsigned byte per observation: when it is full the oldest
 * observation's bin is decremented as the newest one's is incremented, so the window is exactly the
 * last {@code currentSize} observations at O(1) per observation and a fixed {@code currentSize} bytes.
 * Bins never change meaning once assigned, so the ring's indices stay valid.
 *
 * <p>Not thread-safe: the owning summary's lock guards it.
 */
final class DriftWindows {
  private final int[] reference;
  private long referenceTotal;
  private final int[] current;
  private final byte[] ring;
  private int next;
  private int size;

  DriftWindows(int bins, int currentSize) {
    if (bins < 1 || bins > DriftSettings.MAX_BINS) {
      throw new IllegalArgumentException("bins must be 1 to " + DriftSettings.MAX_BINS + ", got " + bins);
    }
    this.reference = new int[bins];
    this.current = new int[bins];
    this.ring = new byte[currentSize];
  }

  int bins() {
    return reference.length;
  }

  void addReference(int bin) {
    reference[bin]++;
    referenceTotal++;
  }

  /** Replaces the reference counts (a pinned reference); the current window is emptied. */
  void setReference(long[] counts) {
    if (counts.length > reference.length) {
      throw new IllegalArgumentException(counts.length + " reference bins, room for " + reference.length);
    }
    Arrays.fill(reference, 0);
    long total = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] < 0 || counts[i] > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("reference count out of range: " + counts[i]);
      }
      reference[i] = (int) counts[i];
      total += counts[i];
    }
    referenceTotal = total;
    clearCurrent();
  }

  /** Adds the newest observation to the current window, forgetting the oldest one if it is full. */
  void addCurrent(int bin) {
    if (size == ring.length) {
      current[ring[next] & 0xFF]--;
    } else {
      size++;
    }
    ring[next] = (byte) bin;
    current[bin]++;
    if (++next == ring.length) {
      next = 0;
    }
  }

  void clearCurrent() {
    Arrays.fill(current, 0);
    next = 0;
    size = 0;
  }

  boolean currentFull() {
    return size == ring.length;
  }

  int currentSize() {
    return size;
  }

  long referenceTotal() {
    return referenceTotal;
  }

  /** PSI of the current window against the reference, NaN while either is empty. */
  double psi() {
    return Psi.of(reference, referenceTotal, current, size, reference.length);
  }

  long[] referenceCounts() {
    return toLongs(reference);
  }

  long[] currentCounts() {
    return toLongs(current);
  }

  int referenceCount(int bin) {
    return reference[bin];
  }

  int currentCount(int bin) {
    return current[bin];
  }

  private static long[] toLongs(int[] counts) {
    long[] copy = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i];
    }
    return copy;
  }
}
