package io.inferscope.agent.llm;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;

/**
 * Token usage as the latest GenAI conventions count it (OTEL_SEMCONV_STABILITY_OPT_IN=
 * gen_ai_latest_experimental): counters instead of the v1.41.0 histogram, input split by cache use,
 * output by phase. Only text is seen on the wire formats read here, so the modality is text.
 */
final class TokenCounters {
  private static final String TEXT = "text";

  private final LongCounter tokens;
  private final LongCounter inputByCache;
  private final LongCounter outputByPhase;

  TokenCounters(Meter meter) {
    tokens = meter.counterBuilder("gen_ai.client.inference.tokens").setUnit("{token}")
        .setDescription("Tokens used, by type and modality").build();
    inputByCache = meter.counterBuilder("gen_ai.client.inference.input_tokens_by_cache").setUnit("{token}")
        .setDescription("Input tokens by cache use").build();
    outputByPhase = meter.counterBuilder("gen_ai.client.inference.output_tokens_by_phase").setUnit("{token}")
        .setDescription("Output tokens by generation phase").build();
  }

  /** Input and output totals, and the parts of them read from or written to a cache and spent reasoning (null: not reported). */
  void record(Attributes base, Long input, Long output, Long cacheRead, Long cacheCreation, Long reasoning) {
    Context none = Context.root();
    if (input != null) {
      tokens.add(input, with(base, GenAiAttributes.TOKEN_TYPE, GenAiAttributes.TOKEN_INPUT), none);
      long read = cacheRead == null ? 0 : cacheRead;
      long creation = cacheCreation == null ? 0 : cacheCreation;
      add(inputByCache, base, GenAiAttributes.TOKEN_CACHE, "read", read);
      add(inputByCache, base, GenAiAttributes.TOKEN_CACHE, "creation", creation);
      add(inputByCache, base, GenAiAttributes.TOKEN_CACHE, "none", Math.max(0, input - read - creation));
    }
    if (output != null) {
      tokens.add(output, with(base, GenAiAttributes.TOKEN_TYPE, GenAiAttributes.TOKEN_OUTPUT), none);
      long thinking = reasoning == null ? 0 : reasoning;
      add(outputByPhase, base, GenAiAttributes.TOKEN_PHASE, "reasoning", thinking);
      add(outputByPhase, base, GenAiAttributes.TOKEN_PHASE, "response", Math.max(0, output - thinking));
    }
  }

  private static void add(LongCounter counter, Attributes base, AttributeKey<String> key, String value, long amount) {
    if (amount > 0) {
      counter.add(amount, base.toBuilder().put(key, value).build(), Context.root());
    }
  }

  private static Attributes with(Attributes base, AttributeKey<String> key, String value) {
    return base.toBuilder().put(key, value).put(GenAiAttributes.TOKEN_MODALITY, TEXT).build();
  }
}
