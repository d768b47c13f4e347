package io.inferscope.agent.spend;

import io.inferscope.agent.llm.ModelKey;
import io.inferscope.agent.llm.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The price of each (provider, request model, response model) a call has had, with the metric
 * attributes that go with it, so that a call in steady state pays one map lookup: no lower-casing,
 * no stamp stripping, no attribute building. Unpriced combinations are remembered too. The map is
 * bounded ({@value #MAX_ENTRIES} entries): model names come from requests and responses, and an
 * application sending a new name each time must not grow the agent's memory; beyond the bound, a
 * call's price is worked out afresh and not kept.
 */
final class ResolvedPrices {
  static final int MAX_ENTRIES = 1_000;

  /**
   * @param price null when the table does not price these models
   * @param attributes the cost counter's (with the currency) or, unpriced, the unpriced counter's
   */
  record Resolution(Price price, Attributes attributes) {}

  private final PriceTable table;
  private final ConcurrentHashMap<ModelKey, Resolution> resolved = new ConcurrentHashMap<>();

  ResolvedPrices(PriceTable table) {
    this.table = table;
  }

  Resolution resolve(String provider, String requestModel, String responseModel) {
    ModelKey key = new ModelKey(provider, requestModel, responseModel);
    Resolution found = resolved.get(key);
    if (found != null) {
      return found;
    }
    found = compute(key);
    if (resolved.size() < MAX_ENTRIES) {
      Resolution raced = resolved.putIfAbsent(key, found);
      return raced != null ? raced : found;
    }
    return found;
  }

  int size() {
    return resolved.size();
  }

  private Resolution compute(ModelKey key) {
    Price price = table.find(key.provider(), key.requestModel(), key.model());
    AttributesBuilder attributes = Attributes.builder();
    if (key.provider() != null) {
      attributes.put(GenAiAttributes.PROVIDER_NAME, key.provider());
    }
    if (key.requestModel() != null) {
      attributes.put(GenAiAttributes.REQUEST_MODEL, key.requestModel());
    }
    if (key.model() != null) {
      attributes.put(GenAiAttributes.RESPONSE_MODEL, key.model());
    }
    if (price != null) {
      attributes.put(SpendAttributes.COST_CURRENCY, price.currency());
    }
    return new Resolution(price, attributes.build());
  }
}
