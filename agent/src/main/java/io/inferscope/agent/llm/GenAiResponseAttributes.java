package io.inferscope.agent.llm;

import io.inferscope.agent.genai.LlmEndpoint;
import io.inferscope.agent.genai.LlmResponse;
import io.inferscope.agent.stream.StreamOutcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;

/**
 * What a finished HTTP exchange tells the span: the {@code gen_ai.response.*} and usage facts, and
 * the failure class. The HTTP status wins (as {@code error.type}, like HTTP client spans); then an
 * error the provider reported inside a 200 response; then a response that could not be read.
 */
final class GenAiResponseAttributes {
  /** A 2xx JSON body that did not parse. */
  static final String MALFORMED = "malformed_response";
  /** A stream that ended without its format's end marker ([DONE], message_stop, done:true, ...). */
  static final String TRUNCATED = "truncated_response";
  /** The agent failed while reading the response (a bug of ours, or no memory left): what it said is unknown. */
  static final String INSPECTION_FAILED = "inspection_failed";

  private GenAiResponseAttributes() {}

  static LlmResult result(
      LlmEndpoint endpoint, LlmResponse response, int status, StreamOutcome outcome, Throwable error,
      boolean uninspected, Throwable inspectionFailure, GenAiSettings settings) {
    AttributesBuilder span = Attributes.builder();
    put(span, GenAiAttributes.RESPONSE_ID, response.id());
    if (!response.finishReasons().isEmpty()) {
      span.put(GenAiAttributes.RESPONSE_FINISH_REASONS, response.finishReasons());
    }
    put(span, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, response.cacheReadInputTokens());
    put(span, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, response.cacheCreationInputTokens());
    put(span, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, response.reasoningOutputTokens());
    put(span, GenAiAttributes.EMBEDDINGS_DIMENSION_COUNT, response.embeddingDimension());
    if (settings.captureContent()) {
      put(span, GenAiAttributes.OUTPUT_MESSAGES, response.outputMessagesJson(settings.maxContentLength()));
    }
    String errorType = null;
    String message = null;
    if (status >= 400) {
      errorType = Integer.toString(status);
      message = response.errorType() == null ? "HTTP " + status : "HTTP " + status + ": " + response.errorType();
    } else if (error == null && inspectionFailure != null) {
      LlmResult failed = LlmResult.inspectionFailed(inspectionFailure);
      errorType = failed.errorType();
      message = failed.errorMessage();
    } else if (error == null && response.errorType() != null) {
      errorType = response.errorType();
      message = "the provider reported an error: " + response.errorType();
    } else if (error == null && outcome == StreamOutcome.COMPLETED && status >= 200 && status < 300 && !uninspected) {
      // Only a 2xx is the model's answer: a redirect a client follows by itself (one span per attempt) has none.
      if (response.malformed() && !response.completed()) {
        errorType = MALFORMED;
        message = "the response could not be read as " + endpoint.api();
      } else if (!response.completed()) {
        errorType = TRUNCATED;
        message = "the response ended before its end marker";
      }
    }
    return new LlmResult(response.model(), response.inputTokens(), response.outputTokens(), errorType, message, span.build());
  }

  private static <T> void put(AttributesBuilder builder, AttributeKey<T> key, T value) {
    if (value != null) {
      builder.put(key, value);
    }
  }
}
