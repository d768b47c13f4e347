package io.inferscope.agent.llm;

import io.inferscope.agent.genai.LlmRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import java.util.List;

/** The {@code gen_ai.request.*} span attributes, and the input content when the user opted in. */
final class GenAiRequestAttributes {
  private GenAiRequestAttributes() {}

  static void set(Span span, LlmRequest request, GenAiSettings settings) {
    if (!span.isRecording()) {
      return;
    }
    put(span, GenAiAttributes.REQUEST_STREAM, request.stream());
    put(span, GenAiAttributes.REQUEST_TEMPERATURE, request.temperature());
    put(span, GenAiAttributes.REQUEST_TOP_P, request.topP());
    if (request.topK() != null) {
      if (settings.latestConventions()) {
        span.setAttribute(GenAiAttributes.REQUEST_TOP_K_INT, Math.round(request.topK()));
      } else {
        span.setAttribute(GenAiAttributes.REQUEST_TOP_K, request.topK());
      }
    }
    put(span, GenAiAttributes.REQUEST_MAX_TOKENS, request.maxTokens());
    put(span, GenAiAttributes.REQUEST_FREQUENCY_PENALTY, request.frequencyPenalty());
    put(span, GenAiAttributes.REQUEST_PRESENCE_PENALTY, request.presencePenalty());
    put(span, GenAiAttributes.REQUEST_SEED, request.seed());
    put(span, GenAiAttributes.OUTPUT_TYPE, request.outputType());
    putList(span, GenAiAttributes.REQUEST_STOP_SEQUENCES, request.stopSequences());
    putList(span, GenAiAttributes.REQUEST_ENCODING_FORMATS, request.encodingFormats());
    Long choices = request.choiceCount();
    if (choices != null && choices != 1) {
      span.setAttribute(GenAiAttributes.REQUEST_CHOICE_COUNT, choices);
    }
    if (settings.captureContent()) {
      put(span, GenAiAttributes.INPUT_MESSAGES, request.inputMessagesJson(settings.maxContentLength()));
      put(span, GenAiAttributes.SYSTEM_INSTRUCTIONS, request.systemInstructionsJson(settings.maxContentLength()));
    }
  }

  static <T> void put(Span span, AttributeKey<T> key, T value) {
    if (value != null) {
      span.setAttribute(key, value);
    }
  }

  private static void putList(Span span, AttributeKey<List<String>> key, List<String> values) {
    if (values != null && !values.isEmpty()) {
      span.setAttribute(key, values);
    }
  }
}
