package io.inferscope.agent.spend;

import io.opentelemetry.api.common.AttributeKey;

/**
 * The names of spend, as proposed in semantic-conventions-genai PR #443 (attributes) and this
 * project's own (metrics; see the README's "Spend"). Alert rules are written against the metric names:
 * they do not change.
 */
public final class SpendAttributes {
  public static final AttributeKey<Double> COST_AMOUNT = AttributeKey.doubleKey("gen_ai.usage.cost.amount");
  /** ISO 4217 code of the amount, e.g. USD. */
  public static final AttributeKey<String> COST_CURRENCY = AttributeKey.stringKey("gen_ai.usage.cost.currency");
  /** Where the amount comes from: {@value #SOURCE_LOCAL}, computed here from the price table. */
  public static final AttributeKey<String> COST_SOURCE = AttributeKey.stringKey("gen_ai.usage.cost.source");
  public static final String SOURCE_LOCAL = "local";

  /** Double counter, unit {cost}: Prometheus inferscope_genai_cost_total. */
  public static final String COST_METRIC = "inferscope.genai.cost";
  /** Long counter, unit {call}: Prometheus inferscope_genai_unpriced_total. */
  public static final String UNPRICED_METRIC = "inferscope.genai.unpriced";

  private SpendAttributes() {}
}
