package io.inferscope.agent.spend;

import io.inferscope.agent.logging.HookErrors;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;

/**
 * The spend of each LLM call that reported its token usage: on its span the amount, currency and
 * source, and in the cost counter by provider, models and currency; a call whose model the table
 * does not price gets no cost attribute and is counted as unpriced instead. A call without usage is
 * neither: nothing is known of what it cost.
 *
 * <p>The price table is read when the first call with usage ends, not at start-up: an application that
 * makes no LLM call pays nothing for it, and start-up stays as cheap as it was (reading and parsing
 * the table's text costs milliseconds while the JVM is cold). A bad price file is reported then.
 */
public final class SpendRecorder {
  private final Supplier<PriceTable> table;
  private volatile ResolvedPrices prices;
  private final DoubleCounter cost;
  private final LongCounter unpriced;

  /** @param table reads the price table; called once, by the first call that reports usage */
  public SpendRecorder(Meter meter, Supplier<PriceTable> table) {
    this.table = table;
    this.cost = meter.counterBuilder(SpendAttributes.COST_METRIC).ofDoubles().setUnit("{cost}")
        .setDescription("Spend on LLM calls from their token usage and the price table, in gen_ai.usage.cost.currency").build();
    this.unpriced = meter.counterBuilder(SpendAttributes.UNPRICED_METRIC).setUnit("{call}")
        .setDescription("LLM calls that reported token usage for a model the price table does not price").build();
  }

  /**
   * Records one call's spend; never throws (a failure here must not mark the call failed or stop its
   * span from ending). Token counts are the conventions': input includes cache reads and writes,
   * output includes reasoning; null when not reported.
   */
  public void record(Span span, String provider, String requestModel, String responseModel,
      Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning) {
    if (input == null && output == null) {
      return;
    }
    try {
      ResolvedPrices.Resolution resolution = prices().resolve(provider, requestModel, responseModel);
      Price price = resolution.price();
      if (price == null) {
        unpriced.add(1, resolution.attributes(), Context.root());
        return;
      }
      double amount = price.cost(input, output, cacheRead, cacheWrite, reasoning);
      span.setAttribute(SpendAttributes.COST_AMOUNT, amount);
      span.setAttribute(SpendAttributes.COST_CURRENCY, price.currency());
      span.setAttribute(SpendAttributes.COST_SOURCE, SpendAttributes.SOURCE_LOCAL);
      cost.add(amount, resolution.attributes(), Context.root());
    } catch (Throwable t) {
      HookErrors.report("llm spend", t);
    }
  }

  ResolvedPrices prices() {
    ResolvedPrices loaded = prices;
    if (loaded == null) {
      synchronized (this) {
        loaded = prices;
        if (loaded == null) {
          prices = loaded = new ResolvedPrices(table.get());
        }
      }
    }
    return loaded;
  }
}
