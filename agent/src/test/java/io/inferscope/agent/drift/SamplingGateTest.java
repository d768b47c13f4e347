package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SamplingGateTest {
  @Test
  void oneInOneInspectsEveryPredictionAndZeroNone() {
    SamplingGate all = new SamplingGate(1);
    SamplingGate none = new SamplingGate(0);
    for (int i = 0; i < 100_000; i++) {
      assertTrue(all.inspect());
      assertTrue(!none.inspect());
    }
  }

  @Test
  void oneInTenInspectsAboutATenth() {
    SamplingGate gate = new SamplingGate(10);
    int inspected = 0;
    int calls = 1_000_000;
    for (int i = 0; i < calls; i++) {
      if (gate.inspect()) {
        inspected++;
      }
    }
    // Binomial(1e6, 0.1): standard deviation 300, so 10 standard deviations either side.
    assertEquals(100_000, inspected, 3_000);
  }

  @Test
  void aNegativeRateIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SamplingGate(-1));
  }
}
