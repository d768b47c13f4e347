package io.inferscope.agent.drift;

import java.util.concurrent.ThreadLocalRandom;

/**
 * "Inspect one prediction in N", decided before any tensor is touched; one per model. The skipped path is
 * one {@link ThreadLocalRandom} draw and one comparison: no allocation, no lock, no shared write.
 *
 * <p>Random rather than a counter: a shared counter is written by every inference thread, so its cache
 * line moves between cores on each call; and a strict every-Nth pattern can alias with periodic traffic
 * (N clients taking turns would have one client inspected always, the others never). The draw is
 * compared with a precomputed threshold (inspect when an unsigned 32-bit draw is below 2^32 / N), so
 * there is no division per call. Measured in {@code DriftObserveBenchmark}.
 */
public final class SamplingGate {
  private final int oneIn;
  private final long threshold;

  /** @param oneIn N: 1 inspects every prediction, 0 none */
  public SamplingGate(int oneIn) {
    if (oneIn < 0) {
      throw new IllegalArgumentException("oneIn must be 0 (none) or more, got " + oneIn);
    }
    this.oneIn = oneIn;
    this.threshold = oneIn == 0 ? 0 : (1L << 32) / oneIn;
  }

  public int oneIn() {
    return oneIn;
  }

  /** Whether to inspect this prediction: true with probability 1/N. */
  public boolean inspect() {
    return (ThreadLocalRandom.current().nextInt() & 0xFFFF_FFFFL) < threshold;
  }
}
