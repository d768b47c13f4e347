package io.inferscope.agent.anomaly;

import java.time.Duration;
import java.util.function.LongSupplier;

/** {@link AnomalySettings} as the baselines use them, shared by all baselines of a detector. */
record BaselineConfig(double sensitivity, int warmUp, int window, int recomputeEvery, long halfHorizonNanos,
    LongSupplier clock) {

  static BaselineConfig of(AnomalySettings s, LongSupplier clock) {
    Duration h = s.horizon();
    // Beyond ~292 years toNanos overflows; such a horizon is simply "off".
    long half = h.compareTo(Duration.ofDays(365L * 200)) > 0 ? 0 : h.toNanos() / 2;
    return new BaselineConfig(s.sensitivity(), s.warmUpSamples(), s.windowObservations(),
        s.recomputeEvery(), half, clock);
  }

  boolean horizonOn() {
    return halfHorizonNanos > 0;
  }

  /** The clock, when the horizon needs it (0 otherwise: no clock read at all). */
  long now() {
    return horizonOn() ? clock.getAsLong() : 0;
  }
}
