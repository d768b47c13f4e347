package io.inferscope.agent.llm;

import io.opentelemetry.api.common.Attributes;

/**
 * What is known about a finished LLM call, from the response (or its absence).
 *
 * @param responseModel the model that answered, or null
 * @param inputTokens usage as reported by the provider (cached tokens included), or null when not reported
 * @param errorType a low-cardinality failure class (HTTP status code, provider error type), or null
 * @param errorMessage a human-readable failure description for the span status, or null
 * @param spanAttributes everything else for the span (response id, finish reasons, content when opted in)
 */
public record LlmResult(
    String responseModel, Long inputTokens, Long outputTokens, String errorType, String errorMessage, Attributes spanAttributes) {

  public static final LlmResult NOTHING = new LlmResult(null, null, null, null, null, Attributes.empty());

  /** The agent could not read the response (its own failure): nothing is known of what it said. */
  static LlmResult inspectionFailed(Throwable failure) {
    return new LlmResult(null, null, null, GenAiResponseAttributes.INSPECTION_FAILED,
        "InferScope could not inspect this response (" + failure.getClass().getName() + "); the application's call was not affected",
        Attributes.empty());
  }
}
