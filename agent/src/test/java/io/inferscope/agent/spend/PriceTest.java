package io.inferscope.agent.spend;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The cost arithmetic, with prices that are binary fractions so every product is exact and the
 * expected amounts can be written out term by term.
 */
class PriceTest {
  /** input 2, output 8, cache read 0.5, cache write 2.5, reasoning 16 (per 1M tokens). */
  private static final Price PRICE = new Price(2.0, 8.0, 0.5, 2.5, 16.0, "USD");

  @Test
  void cachedAndReasoningTokensArePricedApartFromTheRest() {
    // OpenAI-style usage: 11 input of which 3 cached, 7 output of which 2 reasoning.
    assertEquals((8 * 2.0 + 3 * 0.5 + 5 * 8.0 + 2 * 16.0) / 1e6, PRICE.cost(11L, 7L, 3L, null, 2L));
    // Anthropic-style usage (conventions' input: 11 + 3 read + 5 written = 19).
    assertEquals((11 * 2.0 + 3 * 0.5 + 5 * 2.5 + 7 * 8.0) / 1e6, PRICE.cost(19L, 7L, 3L, 5L, null));
  }

  @Test
  void onlyWhatIsReportedIsPriced() {
    assertEquals(11 * 2.0 / 1e6, PRICE.cost(11L, null, null, null, null), "an embedding: input only");
    assertEquals((5 * 8.0 + 2 * 16.0) / 1e6, PRICE.cost(null, 7L, 3L, 5L, 2L), "output only; cache counts without input are not priced");
    assertEquals(0.0, PRICE.cost(0L, 0L, null, null, null));
  }

  @Test
  void partsNeverExceedTheirTotalAndNothingIsNegative() {
    // 20 cached of 11 input: all 11 at the cache price, none below zero at the input price.
    assertEquals(11 * 0.5 / 1e6, PRICE.cost(11L, null, 20L, null, null));
    // 8 read + 5 written of 11: the write is what is left, 3.
    assertEquals((8 * 0.5 + 3 * 2.5) / 1e6, PRICE.cost(11L, null, 8L, 5L, null));
    assertEquals(7 * 16.0 / 1e6, PRICE.cost(null, 7L, null, null, 9L), "reasoning beyond output is output");
    assertEquals(0.0, PRICE.cost(-5L, -1L, -3L, -2L, -4L), "negative counts clamp to 0");
    assertEquals(11 * 2.0 / 1e6, PRICE.cost(11L, null, -3L, -2L, null), "negative parts count as none");
  }

  @Test
  void aMillionTokensCostTheListedPrice() {
    assertEquals(2.0 + 8.0, PRICE.cost(1_000_000L, 1_000_000L, 0L, 0L, 0L));
  }
}
