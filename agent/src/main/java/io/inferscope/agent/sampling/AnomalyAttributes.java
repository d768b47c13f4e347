package io.inferscope.agent.sampling;

import io.opentelemetry.api.common.AttributeKey;

/** The anomaly flags of telemetry.md and the key attributes of the anomaly metrics. */
public final class AnomalyAttributes {
  public static final AttributeKey<Boolean> ANOMALY = AttributeKey.booleanKey("inferscope.anomaly");
  /** See {@link io.inferscope.agent.anomaly.Verdict} for the scale. */
  public static final AttributeKey<Double> SCORE = AttributeKey.doubleKey("inferscope.anomaly.score");
  public static final AttributeKey<String> REASON = AttributeKey.stringKey("inferscope.anomaly.reason");
  /** The expected value judged against: seconds, or seconds per output token for {@code per_token_slow}. */
  public static final AttributeKey<Double> BASELINE = AttributeKey.doubleKey("inferscope.anomaly.baseline");
  /** The probability with which this span was kept: its weight when counts are re-estimated is 1/p. */
  public static final AttributeKey<Double> PROBABILITY = AttributeKey.doubleKey("inferscope.sampling.probability");

  // Metric attributes: which baseline (key) a count or gauge describes.
  static final AttributeKey<String> KEY_SYSTEM = AttributeKey.stringKey("inferscope.anomaly.system");
  static final AttributeKey<String> KEY_MODEL = AttributeKey.stringKey("inferscope.anomaly.model");
  static final AttributeKey<String> KEY_OPERATION = AttributeKey.stringKey("inferscope.anomaly.operation");
  static final AttributeKey<Boolean> KEY_STREAMING = AttributeKey.booleanKey("inferscope.anomaly.streaming");
  /** Which judged quantity a baseline gauge describes: duration, ttft, per_token, length_ratio. */
  static final AttributeKey<String> QUANTITY = AttributeKey.stringKey("inferscope.anomaly.quantity");
  /** p50, p99 or threshold (the value from which a call is flagged). */
  static final AttributeKey<String> STATISTIC = AttributeKey.stringKey("inferscope.anomaly.statistic");
  /** Why a span that should have been exported was not: rate_limited, buffer_full. */
  static final AttributeKey<String> CAUSE = AttributeKey.stringKey("inferscope.sampling.drop.cause");

  private AnomalyAttributes() {}
}
