package io.inferscope.agent.anomaly;

/**
 * What a collector offers, for comparison: the OpenTelemetry Collector {@code tail_sampling} {@code latency}
 * policy keeps a trace when its duration in whole milliseconds is {@code >= threshold_ms} (one threshold for
 * everything), combined here with a {@code status_code: ERROR} policy as such configurations usually are.
 * No baseline, no per-key state, no adaptation.
 */
public final class FixedThresholdPolicy {
  private final long thresholdMs;

  public FixedThresholdPolicy(long thresholdMs) {
    if (thresholdMs < 0) {
      throw new IllegalArgumentException("threshold_ms must be >= 0, got " + thresholdMs);
    }
    this.thresholdMs = thresholdMs;
  }

  /** A threshold given in seconds, truncated to whole milliseconds like the collector's configuration. */
  public static FixedThresholdPolicy ofSeconds(double seconds) {
    return new FixedThresholdPolicy((long) Math.floor(seconds * 1000));
  }

  public long thresholdMs() {
    return thresholdMs;
  }

  /** True when the collector would keep the call. */
  public boolean flags(double durationSeconds, boolean error) {
    // Go's Duration.Milliseconds() truncates toward zero.
    return error || (long) (durationSeconds * 1000) >= thresholdMs;
  }
}
