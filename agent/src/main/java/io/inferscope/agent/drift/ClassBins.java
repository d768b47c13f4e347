package io.inferscope.agent.drift;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which bin a predicted class counts in. The first {@code maxClasses} distinct classes get a bin each,
 * in order of first appearance (so the reference's classes, which come first, always do); any class
 * after that shares the last bin, the overflow bin labelled {@value #OVERFLOW_LABEL}. Capping by
 * appearance rather than by index matters for models with many classes: a 1000-class model that
 * predicts 30 of them keeps all 30 apart, whichever indices they have. A class that later takes a large
 * share of the overflow bin still moves PSI, through that bin.
 *
 * <p>Two keys: a class index (argmax of a score vector), looked up in a table indexed by class (grown
 * once to the row length, at most {@code maxElementsPerTensor} entries, so lookups are one array read);
 * and a class name (DJL {@code Classifications}), looked up in a map bounded at {@code maxClasses}
 * names. Feed one output one way. Not thread-safe: the owning summary's lock guards it.
 */
final class ClassBins {
  /** Label of the overflow bin; the same fallback value OpenTelemetry uses for {@code error.type}. */
  static final String OVERFLOW_LABEL = "_OTHER";
  /** Class names longer than this are cut in labels (metric attributes stay small). */
  static final int MAX_LABEL_LENGTH = 128;

  private final int overflow;
  private final int maxIndex;
  private final String[] labels;
  private int used;
  /** byIndex[class] = bin + 1, 0 while the class has no bin yet. */
  private short[] byIndex = new short[0];
  private final Map<String, Integer> byName = new HashMap<>();

  ClassBins(int maxClasses, int maxIndex) {
    this.overflow = maxClasses;
    this.maxIndex = maxIndex;
    this.labels = new String[maxClasses + 1];
    labels[overflow] = OVERFLOW_LABEL;
  }

  /** Bins in all, the overflow bin included. */
  int bins() {
    return overflow + 1;
  }

  int overflowBin() {
    return overflow;
  }

  /** Bins handed out so far, not counting the overflow bin. */
  int used() {
    return used;
  }

  String label(int bin) {
    return labels[bin];
  }

  /** Makes the index table cover classes 0 .. length-1 (capped), so later lookups never allocate. */
  void ensureIndexCapacity(int length) {
    int wanted = Math.min(length, maxIndex);
    if (wanted > byIndex.length) {
      byIndex = Arrays.copyOf(byIndex, wanted);
    }
  }

  int binOf(int classIndex) {
    if (classIndex < 0 || classIndex >= maxIndex) {
      return overflow;
    }
    if (classIndex >= byIndex.length) {
      ensureIndexCapacity(classIndex + 1);
    }
    int stored = byIndex[classIndex];
    if (stored != 0) {
      return stored - 1;
    }
    if (used == overflow) {
      return overflow; // not stored: the class may be asked for again, but the answer stays the same
    }
    int bin = used++;
    labels[bin] = Integer.toString(classIndex);
    byIndex[classIndex] = (short) (bin + 1);
    return bin;
  }

  int binOf(String className) {
    Integer bin = byName.get(className);
    if (bin != null) {
      return bin;
    }
    if (className == null || used == overflow) {
      return overflow;
    }
    int assigned = used++;
    labels[assigned] = className.length() > MAX_LABEL_LENGTH ? className.substring(0, MAX_LABEL_LENGTH) : className;
    byName.put(className, assigned);
    return assigned;
  }

  /**
   * The bin of a label read back from a saved reference: the overflow label, a class index for an
   * output fed by index, or a class name.
   */
  int binOfLabel(String label, boolean byClassIndex) {
    if (OVERFLOW_LABEL.equals(label)) {
      return overflow;
    }
    if (byClassIndex) {
      try {
        return binOf(Integer.parseInt(label));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("class label '" + label + "' is not a class index");
      }
    }
    return binOf(label);
  }
}
