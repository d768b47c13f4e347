package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** PSI against values worked out by hand (natural log). */
class PsiTest {
  @Test
  void identicalDistributionsGiveZeroWhateverTheirTotals() {
    assertEquals(0.0, Psi.of(new double[] {0.2, 0.3, 0.5}, new double[] {0.2, 0.3, 0.5}));
    assertEquals(0.0, Psi.of(new int[] {10, 30, 0}, 40, new int[] {100, 300, 0}, 400, 3), 1e-15);
  }

  @Test
  void twoBinsMatchTheHandComputedValue() {
    // (0.25 - 0.5) ln(0.25/0.5) + (0.75 - 0.5) ln(0.75/0.5) = 0.25 ln 2 + 0.25 ln 1.5 = 0.274653...
    double expected = 0.25 * Math.log(2) + 0.25 * Math.log(1.5);
    assertEquals(0.2746530721670274, expected, 1e-15);
    assertEquals(expected, Psi.of(new double[] {0.5, 0.5}, new double[] {0.25, 0.75}), 1e-15);
    assertEquals(expected, Psi.of(new int[] {50, 50}, 100, new int[] {25, 75}, 100, 2), 1e-15);
  }

  @Test
  void itIsSymmetric() {
    double[] a = {0.1, 0.2, 0.7};
    double[] b = {0.3, 0.3, 0.4};
    assertEquals(Psi.of(a, b), Psi.of(b, a), 1e-15);
    // 0.2 ln 3 + 0.1 ln 1.5 + (-0.3) ln(4/7)
    assertEquals(0.2 * Math.log(3) + 0.1 * Math.log(1.5) - 0.3 * Math.log(4.0 / 7), Psi.of(a, b), 1e-15);
  }

  @Test
  void anEmptyBinIsFlooredAtEpsilonNotInfinite() {
    // Reference [1, 0], current [0.9, 0.1]: (0.9 - 1) ln 0.9 + (0.1 - 1e-4) ln(0.1 / 1e-4)
    //   = 0.1 * 0.10536052 + 0.0999 * 6.90775528 = 0.01053605 + 0.69008475 = 0.70062080
    double expected = -0.1 * Math.log(0.9) + (0.1 - 1e-4) * Math.log(1000);
    assertEquals(0.70062080, expected, 1e-8);
    assertEquals(expected, Psi.of(new int[] {10, 0}, 10, new int[] {9, 1}, 10, 2), 1e-12);
    assertEquals(expected, Psi.of(new int[] {9, 1}, 10, new int[] {10, 0}, 10, 2), 1e-12);
  }

  @Test
  void binsEmptyOnBothSidesAddNothing() {
    assertEquals(Psi.of(new int[] {50, 50}, 100, new int[] {25, 75}, 100, 2),
        Psi.of(new int[] {50, 0, 50, 0}, 100, new int[] {25, 0, 75, 0}, 100, 4), 1e-15);
  }

  @Test
  void anEmptyWindowHasNoPsi() {
    assertTrue(Double.isNaN(Psi.of(new int[] {1}, 1, new int[] {0}, 0, 1)));
    assertTrue(Double.isNaN(Psi.of(new int[] {0}, 0, new int[] {1}, 1, 1)));
  }

  @Test
  void binCountsMustAgree() {
    assertThrows(IllegalArgumentException.class, () -> Psi.of(new double[2], new double[3]));
  }
}
