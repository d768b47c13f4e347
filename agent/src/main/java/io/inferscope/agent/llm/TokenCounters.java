package io.inferscope.agent.llm;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * Token usage as the GenAI conventions' own repository (semantic-conventions-genai, main) counts it, under
 * OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental, replacing v1.41.0's {@code gen_ai.client.token.usage}
 * histogram (its PR #374):
 *
 * <ul>
 *   <li>counters {@code gen_ai.client.inference.usage.input_tokens} and {@code .output_tokens}, the totals, and the
 *       parts of them {@code .cache_read.input_tokens}, {@code .cache_write.input_tokens} and
 *       {@code .reasoning.output_tokens}, counted in addition to (not out of) the totals, so a sum over the
 *       counters would count those parts twice; each with {@code gen_ai.token.modality}. Only text is seen on
 *       the wire formats read here, so the modality is text;
 *   <li>histograms {@code gen_ai.client.inference.operation.input_tokens} and {@code .output_tokens}: one point per
 *       call, for the distribution of call sizes (no modality: one observation per call).
 * </ul>
 */
final class TokenCounters {
  private static final String TEXT = "text";
  private static final String PREFIX = "gen_ai.client.inference.usage.";

  private final LongCounter input;
  private final LongCounter output;
  private final LongCounter cacheRead;
  private final LongCounter cacheWrite;
  private final LongCounter reasoning;
  private final LongHistogram inputPerCall;
  private final LongHistogram outputPerCall;

  TokenCounters(Meter meter, List<Long> buckets) {
    input = counter(meter, "input_tokens", "Input tokens used, cached ones included");
    output = counter(meter, "output_tokens", "Output tokens used, reasoning ones included");
    cacheRead = counter(meter, "cache_read.input_tokens", "Input tokens read from the provider's cache (part of input_tokens)");
    cacheWrite = counter(meter, "cache_write.input_tokens", "Input tokens written to the provider's cache (part of input_tokens)");
    reasoning = counter(meter, "reasoning.output_tokens", "Output tokens spent reasoning (part of output_tokens)");
    inputPerCall = histogram(meter, "input_tokens", "Input tokens per operation", buckets);
    outputPerCall = histogram(meter, "output_tokens", "Output tokens per operation", buckets);
  }

  /** Input and output totals, and the parts of them read from or written to a cache and spent reasoning (null: not reported). */
  void record(Attributes base, Long inputTokens, Long outputTokens, Long cacheReadTokens, Long cacheWriteTokens, Long reasoningTokens) {
    Context none = Context.root();
    Attributes text = null;
    if (inputTokens != null) {
      text = base.toBuilder().put(GenAiAttributes.TOKEN_MODALITY, TEXT).build();
      input.add(inputTokens, text, none);
      inputPerCall.record(inputTokens, base, none);
      add(cacheRead, cacheReadTokens, text);
      add(cacheWrite, cacheWriteTokens, text);
    }
    if (outputTokens != null) {
      text = text != null ? text : base.toBuilder().put(GenAiAttributes.TOKEN_MODALITY, TEXT).build();
      output.add(outputTokens, text, none);
      outputPerCall.record(outputTokens, base, none);
      add(reasoning, reasoningTokens, text);
    }
  }

  private static void add(LongCounter counter, Long amount, Attributes attributes) {
    if (amount != null && amount > 0) {
      counter.add(amount, attributes, Context.root());
    }
  }

  private static LongCounter counter(Meter meter, String name, String description) {
    return meter.counterBuilder(PREFIX + name).setUnit("{token}").setDescription(description).build();
  }

  private static LongHistogram histogram(Meter meter, String name, String description, List<Long> buckets) {
    return meter.histogramBuilder("gen_ai.client.inference.operation." + name).ofLongs().setUnit("{token}")
        .setDescription(description).setExplicitBucketBoundariesAdvice(buckets).build();
  }
}
