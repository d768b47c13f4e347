package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.drift.ClassOutputSummary.ClassCount;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassOutputSummaryTest {
  private static final DriftSettings SMALL = DriftSettings.defaults().withWindows(4, 4).withEvaluateEvery(1);

  private static float[] oneHot(int length, int hot) {
    float[] row = new float[length];
    row[hot] = 0.9f;
    return row;
  }

  @Test
  void theArgmaxOfEachRowIsCountedAndPsiAppearsWhenTheReferenceIsComplete() {
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL, null);
    summary.observeRow(new float[] {0.1f, 0.7f, 0.2f}, 0, 3);
    summary.observeRow(new float[] {9, 9, 0.6f, 0.3f, 0.1f}, 2, 3); // offset: the row starts at index 2
    summary.observeRow(oneHot(3, 2), 0, 3);
    assertTrue(Double.isNaN(summary.evaluate()), "reference still filling");
    summary.observeRow(oneHot(3, 2), 0, 3);
    assertEquals(0.0, summary.evaluate(), "the current window is the reference's observations");
    assertEquals(List.of(new ClassCount("1", 1), new ClassCount("0", 1), new ClassCount("2", 2)), summary.classCounts());
    for (int i = 0; i < 4; i++) {
      summary.observeRow(oneHot(3, 2), 0, 3);
    }
    // reference {1: 1/4, 0: 1/4, 2: 2/4}, current {2: 1}
    double expected = Psi.of(new double[] {0.25, 0.25, 0.5}, new double[] {0, 0, 1});
    assertEquals(expected, summary.evaluate(), 1e-12);
    assertEquals(8, summary.observations());
  }

  @Test
  void classesPastTheCapShareTheOverflowBinWhateverTheirIndex() {
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL.withMaxClasses(2), null);
    for (int hot : new int[] {7, 3, 5, 9, 7}) {
      summary.observeRow(oneHot(10, hot), 0, 10);
    }
    assertEquals(List.of(new ClassCount("7", 2), new ClassCount("3", 1), new ClassCount("_OTHER", 2)), summary.classCounts());
  }

  @Test
  void aRowIsReadUpToKElementsOnly() {
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL.withTensorCaps(4, 16), null);
    float[] row = new float[10];
    row[1] = 0.3f;
    row[8] = 0.7f; // beyond K = 4: never read
    summary.observeRow(row, 0, row.length);
    assertEquals(List.of(new ClassCount("1", 1)), summary.classCounts());
  }

  @Test
  void aRowOfNanHasNoClassAndCountsAsOverflow() {
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL, null);
    summary.observeRow(new float[] {Float.NaN, Float.NaN}, 0, 2);
    assertEquals(List.of(new ClassCount("_OTHER", 1)), summary.classCounts());
  }

  @Test
  void aBatchIsReadInPlaceFromHeapAndDirectBuffersRowsSpreadAndCapped() {
    int rows = 100;
    int classes = 5;
    float[] data = new float[rows * classes];
    for (int r = 0; r < rows; r++) {
      data[r * classes + r % classes] = 1; // row r predicts class r % 5
    }
    FloatBuffer direct = ByteBuffer.allocateDirect(data.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
    direct.put(data).flip();
    for (FloatBuffer batch : List.of(FloatBuffer.wrap(data), direct)) {
      ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL.withTensorCaps(4096, 5), null);
      summary.observeBatch(batch, classes);
      assertEquals(0, batch.position(), "the buffer's position is not moved");
      // 5 rows of 100, spread: rows 0, 20, 40, 60, 80, all predicting class 0
      assertEquals(List.of(new ClassCount("0", 5)), summary.classCounts());
      ClassOutputSummary byElements = new ClassOutputSummary("m", "probs", SMALL.withTensorCaps(15, 16), null);
      byElements.observeBatch(batch, classes);
      // K = 15 elements: 3 rows of 5, rows 0, 33, 66 -> classes 0, 3, 1
      assertEquals(List.of(new ClassCount("0", 1), new ClassCount("3", 1), new ClassCount("1", 1)), byElements.classCounts());
    }
  }

  @Test
  void aBatchStartsAtTheBufferPosition() {
    FloatBuffer batch = FloatBuffer.wrap(new float[] {1, 0, 0, 0, 1, 0});
    batch.position(3);
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL, null);
    summary.observeBatch(batch, 3);
    assertEquals(List.of(new ClassCount("1", 1)), summary.classCounts());
  }

  @Test
  void djlClassificationsAreReadByNameFromTheirLists() {
    ClassOutputSummary summary = ClassOutputSummary.byName("m", "classifications", SMALL, null);
    summary.observeNamed(List.of("cat", "dog", "bird"), List.of(0.2, 0.7, 0.1));
    summary.observeNamed("cat", 0.9);
    assertEquals(List.of(new ClassCount("dog", 1), new ClassCount("cat", 1)), summary.classCounts());
    assertTrue(summary.namedClasses());
  }

  @Test
  void aPinnedReferenceWaitsForAFullCurrentWindowAndMapsLabelsToBins() {
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL, null);
    summary.pinReference(ReferenceSummary.classes("m", "probs", List.of("2", "0", "_OTHER"), new long[] {50, 50, 0}));
    assertEquals(summary.referenceSnapshot().labels(), List.of("2", "0"));
    for (int i = 0; i < 3; i++) {
      summary.observeRow(oneHot(3, 2), 0, 3);
    }
    assertTrue(Double.isNaN(summary.evaluate()), "current window not full yet");
    summary.observeRow(oneHot(3, 0), 0, 3);
    assertEquals(Psi.of(new double[] {0.5, 0.5}, new double[] {0.75, 0.25}), summary.evaluate(), 1e-12);
    assertThrows(IllegalArgumentException.class,
        () -> summary.pinReference(ReferenceSummary.classes("m", "probs", List.of("cat"), new long[] {1})),
        "an output fed by index cannot take class names");
  }

  @Test
  void snapshotsRoundTripThroughPinning() {
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL, null);
    assertNull(summary.referenceSnapshot());
    for (int hot : new int[] {1, 1, 0, 2, 2, 2}) {
      summary.observeRow(oneHot(3, hot), 0, 3);
    }
    ReferenceSummary reference = summary.referenceSnapshot();
    assertEquals(List.of("1", "0", "2"), reference.labels());
    assertEquals(List.of(2L, 1L, 1L), toList(reference.counts()));
    assertEquals(List.of(0L, 1L, 3L), toList(summary.currentSnapshot().counts()));
    ClassOutputSummary other = new ClassOutputSummary("m", "probs", SMALL, null);
    other.pinReference(reference);
    assertEquals(reference, other.referenceSnapshot());
  }

  @Test
  void flagsOnceThroughTheListenerAndReportsTheReason() {
    List<Double> flags = new ArrayList<>();
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL, (s, psi) -> flags.add(psi));
    for (int i = 0; i < 4; i++) {
      summary.observeRow(oneHot(2, 0), 0, 2);
    }
    for (int i = 0; i < 20; i++) {
      summary.observeRow(oneHot(2, 1), 0, 2);
    }
    assertEquals(1, flags.size());
    assertTrue(summary.drifting());
    assertEquals(1, summary.flags());
    assertEquals("output_drift", summary.reason());
  }

  @Test
  void aThrowingListenerIsSwallowed() {
    ClassOutputSummary summary = new ClassOutputSummary("m", "probs", SMALL, (s, psi) -> {
      throw new IllegalStateException("listener bug");
    });
    for (int i = 0; i < 10; i++) {
      summary.observeRow(oneHot(2, i < 4 ? 0 : 1), 0, 2);
    }
    assertTrue(summary.drifting(), "the flag stands although the listener threw");
  }

  private static List<Long> toList(long[] values) {
    List<Long> out = new ArrayList<>();
    for (long v : values) {
      out.add(v);
    }
    return out;
  }
}
