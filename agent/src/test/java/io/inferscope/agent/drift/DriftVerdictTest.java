package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DriftVerdictTest {
  @Test
  void flagsOnceAboveTheThresholdAndReArmsOnlyBelowTheLowerLevel() {
    DriftVerdict verdict = new DriftVerdict(0.2, 0.1);
    assertFalse(verdict.update(Double.NaN));
    assertFalse(verdict.update(0.05));
    assertTrue(verdict.update(0.25), "crossing the threshold flags");
    assertFalse(verdict.update(0.30));
    assertFalse(verdict.update(0.15), "between the levels: still drifting");
    assertTrue(verdict.drifting());
    assertFalse(verdict.update(0.22), "back above without re-arming: not flagged again");
    assertFalse(verdict.update(Double.NaN), "unknown changes nothing");
    assertTrue(verdict.drifting());
    assertFalse(verdict.update(0.09), "below the lower level re-arms");
    assertFalse(verdict.drifting());
    assertTrue(verdict.update(0.2), "the threshold itself flags");
    assertEquals(2, verdict.flags());
  }
}
