package io.inferscope.agent.llm;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.drift.ClassOutputSummary;
import io.inferscope.agent.drift.DriftMetrics;
import io.inferscope.agent.drift.ScalarOutputSummary;
import io.inferscope.agent.logging.HookErrors;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an LLM answers, per provider and request model (README, "LLM behaviour"): the finish reason of
 * every complete response in the counter {@value #METRIC}, and its drift, with the output token count's,
 * watched like a classic model's outputs (a {@link DriftMetrics} class summary of the finish reason and a
 * scalar summary of the output tokens, flagged as {@code output_drift}). A model that starts hitting
 * {@code max_tokens} or the content filter answers as fast as before: only what it says shows it.
 *
 * <p>Every call is observed, not one in N as classic predictions are: LLM calls are few and slow, and a
 * map lookup and two short locked updates are nothing beside them. Finish reasons are mapped onto a fixed
 * set ({@link #canonical}) so the counter's cardinality is bounded whatever a provider sends.
 */
final class LlmBehaviour {
  static final String METRIC = "inferscope.genai.finish_reasons";
  /** Singular: one value per series, unlike the span's array {@code gen_ai.response.finish_reasons}. */
  static final AttributeKey<String> FINISH_REASON = AttributeKey.stringKey("gen_ai.response.finish_reason");
  /** The drift summaries' output names ({@code ml.output.name}): the span attributes they watch. */
  static final String FINISH_REASONS_OUTPUT = "gen_ai.response.finish_reasons";
  static final String OUTPUT_TOKENS_OUTPUT = "gen_ai.usage.output_tokens";
  static final int MAX_MODELS = 1_000;
  static final String OTHER = "_OTHER";
  /** The values of {@link #FINISH_REASON}; index = slot in {@link Model#reasons}. */
  static final List<String> REASONS = List.of("stop", "length", "content_filter", "tool_calls", "error", OTHER);

  private final LongCounter finishReasons;
  /** Null when drift watching is off: the counter still counts. */
  private final DriftMetrics drift;
  private final int maxModels;
  private final ConcurrentHashMap<ModelKey, Model> models = new ConcurrentHashMap<>();

  /** One model's counter attributes (one per reason, built once) and drift summaries (null past a cap, or drift off). */
  private static final class Model {
    final Attributes[] reasons = new Attributes[REASONS.size()];
    final ClassOutputSummary finishReasons;
    final ScalarOutputSummary outputTokens;

    Model(ModelKey key, String operation, DriftMetrics drift) {
      for (int i = 0; i < reasons.length; i++) {
        reasons[i] = attributes(key.provider(), key.requestModel(), REASONS.get(i));
      }
      // Streamed and plain calls of one model answer alike: one owner for both, unlike the latency key.
      AnomalyKey owner = new AnomalyKey(key.provider(), key.model(), operation, false);
      this.finishReasons = drift == null ? null : drift.namedClassOutput(owner, FINISH_REASONS_OUTPUT);
      this.outputTokens = drift == null ? null : drift.scalarOutput(owner, OUTPUT_TOKENS_OUTPUT, false);
    }
  }

  LlmBehaviour(Meter meter, DriftMetrics drift) {
    this(meter, drift, MAX_MODELS);
  }

  /** @param maxModels models kept with their attributes and summaries; later ones are counted but not watched */
  LlmBehaviour(Meter meter, DriftMetrics drift, int maxModels) {
    this.finishReasons = meter.counterBuilder(METRIC).setUnit("{call}")
        .setDescription("LLM calls with a complete response, by the first finish reason it reported "
            + "(stop, length, content_filter, tool_calls, error, _OTHER)").build();
    this.drift = drift;
    this.maxModels = maxModels;
  }

  /**
   * One complete response: its first finish reason (none reported: not counted) and its output tokens
   * (not reported, e.g. a stream without usage: not watched). Never throws: a failure here must not
   * mark the call failed or keep its span from ending.
   *
   * @param requestModel null when the request named none; {@code result}'s response model then stands in
   */
  void observe(String provider, String requestModel, String operation, LlmResult result) {
    try {
      List<String> reasons = result.spanAttributes().get(GenAiAttributes.RESPONSE_FINISH_REASONS);
      String reason = reasons == null || reasons.isEmpty() ? null : canonical(reasons.get(0));
      Long tokens = result.outputTokens();
      if (reason == null && tokens == null) {
        return;
      }
      String system = provider == null ? "unknown" : provider;
      String model = requestModel != null ? requestModel : result.responseModel() != null ? result.responseModel() : "unknown";
      Model watched = model(new ModelKey(system, requestModel, model), operation);
      if (reason != null) {
        int slot = REASONS.indexOf(reason);
        finishReasons.add(1, watched != null ? watched.reasons[slot] : attributes(system, requestModel, reason), Context.root());
        if (watched != null && watched.finishReasons != null) {
          watched.finishReasons.observeNamed(reason, Double.NaN); // NaN: a finish reason has no score
        }
      }
      if (tokens != null && watched != null && watched.outputTokens != null) {
        watched.outputTokens.observe(tokens);
      }
    } catch (Throwable t) {
      HookErrors.report("llm behaviour", t);
    }
  }

  /** The model's entry, created on its first call; null past the cap (its calls are still counted). */
  private Model model(ModelKey key, String operation) {
    Model found = models.get(key);
    if (found != null || models.size() >= maxModels) {
      return found;
    }
    // The cap may be overshot by a few entries when calls race past it, never by more than the threads.
    return models.computeIfAbsent(key, k -> new Model(k, operation == null ? "unknown" : operation, drift));
  }

  private static Attributes attributes(String provider, String requestModel, String reason) {
    AttributesBuilder b = Attributes.builder().put(GenAiAttributes.PROVIDER_NAME, provider);
    if (requestModel != null) {
      b.put(GenAiAttributes.REQUEST_MODEL, requestModel);
    }
    return b.put(FINISH_REASON, reason).build();
  }

  /**
   * A provider's raw finish reason as one of {@link #REASONS}. The span keeps the raw value; here the
   * providers' names for the same thing are one value, so a mix compares across providers and a
   * dashboard needs one query: Anthropic (and Bedrock) {@code end_turn}/{@code max_tokens}/{@code tool_use},
   * Gemini's upper-case reasons and its safety family, the Responses API's {@code max_output_tokens}.
   * Anything else is {@code _OTHER}, so a provider inventing reasons cannot grow the series.
   */
  static String canonical(String raw) {
    switch (raw) {
      case "stop", "end_turn", "stop_sequence", "STOP":
        return "stop";
      case "length", "max_tokens", "max_output_tokens", "model_context_window_exceeded", "MAX_TOKENS":
        return "length";
      case "content_filter", "refusal", "guardrail_intervened", "content_filtered", "SAFETY", "RECITATION",
          "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY":
        return "content_filter";
      case "tool_calls", "function_call", "tool_use":
        return "tool_calls";
      case "error", "failed", "MALFORMED_FUNCTION_CALL":
        return "error";
      default:
        return OTHER;
    }
  }
}
