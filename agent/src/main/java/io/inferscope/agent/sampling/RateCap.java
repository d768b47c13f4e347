package io.inferscope.agent.sampling;

import java.util.function.LongSupplier;

/**
 * A token bucket: up to {@code perSecond} permits a second, with a burst of as many (at least one). Only
 * anomalous traces ask for a permit, so a lock is cheap here and keeps the arithmetic obvious.
 */
final class RateCap {
  private final double perNano;
  private final double burst;
  private final LongSupplier clock;
  private double tokens;
  private long last;

  RateCap(double perSecond, LongSupplier clock) {
    this.perNano = perSecond / 1e9;
    this.burst = perSecond <= 0 ? 0 : Math.max(1, perSecond);
    this.clock = clock;
    this.tokens = burst;
    this.last = clock.getAsLong();
  }

  synchronized boolean tryAcquire() {
    long now = clock.getAsLong();
    tokens = Math.min(burst, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
