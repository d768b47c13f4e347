package io.inferscope.sample.traffic;

/**
 * Which calls of a kind are made genuinely slow in generated traffic: none of the first
 * {@link #QUIET_CALLS}, then every {@link #EVERY}-th. A latency anomaly detector needs a baseline
 * first, and its p99 must not be the one cold-start call of a freshly started JVM: with 200 calls
 * before the first slow one, the p99 is the second slowest.
 */
public final class SpikeSchedule {
  public static final int QUIET_CALLS = 200;
  public static final int EVERY = 50;

  private SpikeSchedule() {}

  /** Whether the call with this 0-based index among calls of its kind is slow. */
  public static boolean isSpike(long index) {
    return index >= QUIET_CALLS && index % EVERY == 0;
  }
}
