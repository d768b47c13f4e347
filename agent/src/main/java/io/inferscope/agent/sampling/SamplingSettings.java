package io.inferscope.agent.sampling;

import io.inferscope.agent.anomaly.AnomalySettings;
import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.config.InvalidSettings;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the anomaly sampler is configured with: the base probability ({@code otel.traces.sampler.arg})
 * and the {@code inferscope.anomaly.*} settings. Every bad value is reported, naming key and value, and its
 * default used: a typo must never cost the application its telemetry, let alone its start.
 *
 * @param baseProbability the trace-id-consistent probability with which normal traces are exported
 * @param detector the detector's settings (sensitivity, warm-up, window, horizon, key cap)
 * @param maxTracesPerSecond anomalous traces exported per second beyond those the base probability keeps
 *     anyway; further anomalies are still flagged and counted, but not exported
 * @param bufferMaxSpans ended spans held, over all traces, while their local root is still open
 * @param bufferMaxBytes the same bound in (estimated) bytes
 */
public record SamplingSettings(
    double baseProbability, AnomalySettings detector, double maxTracesPerSecond, int bufferMaxSpans,
    long bufferMaxBytes) {
  private static final Logger log = LoggerFactory.getLogger(SamplingSettings.class);

  public static final String SAMPLER_NAME = "inferscope_anomaly";
  public static final double DEFAULT_BASE_PROBABILITY = 0.1;
  public static final double DEFAULT_MAX_TRACES_PER_SECOND = 10;
  public static final int DEFAULT_BUFFER_MAX_SPANS = 4096;
  public static final int DEFAULT_BUFFER_MAX_BYTES = 8 << 20;

  static final String SAMPLER_ARG = "otel.traces.sampler.arg";
  static final String PREFIX = "inferscope.anomaly.";
  static final String MAX_TRACES_PER_SECOND = PREFIX + "max.traces.per.second";
  static final String BUFFER_MAX_SPANS = PREFIX + "buffer.max.spans";
  static final String BUFFER_MAX_BYTES = PREFIX + "buffer.max.bytes";

  /** @param samplerArg the raw {@code otel.traces.sampler.arg}, null when unset */
  public static SamplingSettings from(AgentConfig config, String samplerArg) {
    return new SamplingSettings(
        baseProbability(samplerArg),
        detector(config),
        config.getDouble(MAX_TRACES_PER_SECOND, DEFAULT_MAX_TRACES_PER_SECOND, 0, 1_000_000),
        config.getInt(BUFFER_MAX_SPANS, DEFAULT_BUFFER_MAX_SPANS, 0, 10_000_000),
        config.getInt(BUFFER_MAX_BYTES, DEFAULT_BUFFER_MAX_BYTES, 0, Integer.MAX_VALUE));
  }

  /**
   * The detector's settings from {@code inferscope.anomaly.*}. Values are checked one by one; if they do
   * not fit together (a window smaller than the warm-up), the reason is reported and the defaults used.
   */
  public static AnomalySettings detector(AgentConfig config) {
    AnomalySettings defaults = AnomalySettings.defaults();
    double horizonSeconds = config.getDouble(PREFIX + "horizon", defaults.horizon().toMillis() / 1000.0, 0, 365 * 86_400.0);
    try {
      return new AnomalySettings(
          config.getDouble(PREFIX + "sensitivity", defaults.sensitivity(), 0.01, 100),
          config.getInt(PREFIX + "warmup", defaults.warmUpSamples(), 8, AnomalySettings.MAX_WINDOW),
          config.getInt(PREFIX + "window", defaults.windowObservations(), 8, AnomalySettings.MAX_WINDOW),
          Duration.ofMillis(Math.round(horizonSeconds * 1000)),
          config.getInt(PREFIX + "recompute.every", defaults.recomputeEvery(), 1, AnomalySettings.MAX_WINDOW),
          config.getInt(PREFIX + "max.keys", defaults.maxKeys(), 1, 1_000_000));
    } catch (IllegalArgumentException e) {
      log.warn("{}; using the default anomaly settings", e.getMessage());
      return defaults;
    }
  }

  private static double baseProbability(String arg) {
    if (arg == null || arg.isBlank()) {
      return DEFAULT_BASE_PROBABILITY;
    }
    try {
      double p = Double.parseDouble(arg.trim());
      if (p >= 0 && p <= 1) {
        return p;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    // The SDK never parses the argument of a sampler it does not know, so this is the only check.
    InvalidSettings.report(SAMPLER_ARG, arg, "expected a probability from 0 to 1", InvalidSettings.usingDefault(DEFAULT_BASE_PROBABILITY));
    return DEFAULT_BASE_PROBABILITY;
  }

  /** For the start-up line. */
  public String describe() {
    return String.format(Locale.ROOT, "(normal traces kept with probability %s, anomalous ones up to %s/s)",
        baseProbability, maxTracesPerSecond);
  }
}
