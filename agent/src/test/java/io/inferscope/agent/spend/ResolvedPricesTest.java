package io.inferscope.agent.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.inferscope.agent.llm.GenAiAttributes;
import io.opentelemetry.api.common.Attributes;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-call lookup: one map entry per distinct call shape, bounded whatever names a hostile application sends. */
class ResolvedPricesTest {
  private static final Price GPT = new Price(2.5, 10, 1.25, 2.5, 10, "USD");
  private final ResolvedPrices prices = new ResolvedPrices(new PriceTable(Map.of(PriceFile.key("openai", "gpt-4o"), GPT)));

  @Test
  void aRepeatedCallFindsTheSameResolutionWithItsMetricAttributes() {
    ResolvedPrices.Resolution first = prices.resolve("openai", "gpt-4o", "gpt-4o-2024-08-06");
    assertSame(GPT, first.price());
    assertEquals(Attributes.of(GenAiAttributes.PROVIDER_NAME, "openai", GenAiAttributes.REQUEST_MODEL, "gpt-4o",
        GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06", SpendAttributes.COST_CURRENCY, "USD"), first.attributes());
    assertSame(first, prices.resolve("openai", "gpt-4o", "gpt-4o-2024-08-06"), "kept, not worked out again");
    assertEquals(1, prices.size());
  }

  @Test
  void unpricedCallsAreRememberedWithoutCurrencyAndUnknownModelsAreLeftOut() {
    ResolvedPrices.Resolution unpriced = prices.resolve("openai", "mystery", null);
    assertNull(unpriced.price());
    assertEquals(Attributes.of(GenAiAttributes.PROVIDER_NAME, "openai", GenAiAttributes.REQUEST_MODEL, "mystery"), unpriced.attributes());
    assertSame(unpriced, prices.resolve("openai", "mystery", null));
    assertEquals(Attributes.of(GenAiAttributes.PROVIDER_NAME, "openai", GenAiAttributes.RESPONSE_MODEL, "gpt-4o"),
        prices.resolve("openai", null, "gpt-4o").attributes().toBuilder().remove(SpendAttributes.COST_CURRENCY).build());
  }

  @Test
  void theMapStopsGrowingAtItsBoundAndLaterNamesAreStillPriced() {
    for (int i = 0; i < 3 * ResolvedPrices.MAX_ENTRIES; i++) {
      prices.resolve("openai", "hostile-" + i, null);
    }
    assertEquals(ResolvedPrices.MAX_ENTRIES, prices.size());
    ResolvedPrices.Resolution late = prices.resolve("openai", "gpt-4o", "gpt-4o-2024-08-06");
    assertSame(GPT, late.price(), "priced beyond the bound, just not kept");
    assertNotSame(late, prices.resolve("openai", "gpt-4o", "gpt-4o-2024-08-06"));
    assertNull(prices.resolve("openai", "hostile-2999", null).price());
    assertEquals(ResolvedPrices.MAX_ENTRIES, prices.size());
  }
}
