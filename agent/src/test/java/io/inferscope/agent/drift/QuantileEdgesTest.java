package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QuantileEdgesTest {
  @Test
  void decilesOfDistinctValuesGiveTenEqualBinsOpenAtBothEnds() {
    float[] values = new float[1000];
    for (int i = 0; i < values.length; i++) {
      values[values.length - 1 - i] = i + 1; // 1 .. 1000, in reverse: the input order does not matter
    }
    QuantileEdges edges = QuantileEdges.fromReference(values, values.length, 10);
    assertArrayEquals(new double[] {101, 201, 301, 401, 501, 601, 701, 801, 901}, edges.edges());
    assertEquals(11, edges.bins(), "10 range bins and the NaN bin");
    int[] counts = new int[edges.bins()];
    for (float v : values) {
      counts[edges.binOf(v)]++;
    }
    assertArrayEquals(new int[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 0}, counts);
    assertEquals(0, edges.binOf(Double.NEGATIVE_INFINITY));
    assertEquals(0, edges.binOf(-5));
    assertEquals(9, edges.binOf(1e9));
    assertEquals(9, edges.binOf(Double.POSITIVE_INFINITY));
    assertEquals(10, edges.binOf(Double.NaN));
    assertEquals(1000f, values[0], "the reference values are not reordered");
  }

  @Test
  void aConstantReferenceGetsBelowEqualAndAboveBinsWithoutDividingByZero() {
    float[] values = new float[500];
    java.util.Arrays.fill(values, 2.5f);
    QuantileEdges edges = QuantileEdges.fromReference(values, values.length, 10);
    assertArrayEquals(new double[] {2.5, Math.nextUp(2.5f)}, edges.edges());
    assertEquals(0, edges.binOf(2.4));
    assertEquals(1, edges.binOf(2.5));
    assertEquals(2, edges.binOf(2.6));
    assertEquals(3, edges.binOf(Double.NaN));
  }

  @Test
  void aValueHoldingSeveralQuantilesGetsItsOwnBin() {
    float[] values = new float[1000];
    for (int i = 500; i < 1000; i++) {
      values[i] = i - 499; // half zeros (a ReLU), then 1 .. 500
    }
    QuantileEdges edges = QuantileEdges.fromReference(values, values.length, 10);
    assertArrayEquals(new double[] {0, Math.nextUp(0f), 1, 101, 201, 301, 401}, edges.edges());
    assertEquals(0, edges.binOf(-1));
    assertEquals(1, edges.binOf(0), "the zeros, alone");
    assertEquals(2, edges.binOf(0.5), "just above zero is told apart");
    assertEquals(3, edges.binOf(1));
  }

  @Test
  void nanValuesDoNotMoveTheEdgesAndAllNanLeavesOneRangeBin() {
    float[] values = {Float.NaN, 1, 2, 3, Float.NaN};
    assertArrayEquals(new double[] {2}, QuantileEdges.fromReference(values, values.length, 2).edges());
    QuantileEdges none = QuantileEdges.fromReference(new float[] {Float.NaN, Float.NaN}, 2, 10);
    assertEquals(0, none.edges().length);
    assertEquals(0, none.binOf(42));
    assertEquals(1, none.binOf(Double.NaN));
  }

  @Test
  void savedEdgesMustBeAscendingAndDistinct() {
    assertEquals(4, QuantileEdges.of(new double[] {1, 2}).bins());
    assertThrows(IllegalArgumentException.class, () -> QuantileEdges.of(new double[] {2, 1}));
    assertThrows(IllegalArgumentException.class, () -> QuantileEdges.of(new double[] {1, 1}));
    assertThrows(IllegalArgumentException.class, () -> QuantileEdges.of(new double[] {Double.NaN}));
  }
}
