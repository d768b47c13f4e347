package io.inferscope.agent.genai;

import java.util.Map;

/**
 * Token counts of one response, in the conventions' sense: input includes cached input, output
 * includes reasoning. Later reports replace earlier ones field by field (stream usage is cumulative),
 * and a field a report leaves out keeps its earlier value.
 */
final class ResponseUsage {
  private final boolean inputExcludesCache;
  private Long input;
  private Long output;
  private Long cacheRead;
  private Long cacheCreation;
  private Long reasoning;

  /** @param inputExcludesCache true for Anthropic, whose input_tokens leaves out cache reads and writes */
  ResponseUsage(boolean inputExcludesCache) {
    this.inputExcludesCache = inputExcludesCache;
  }

  /** OpenAI chat/completions/embeddings, OpenAI Responses and Anthropic usage objects. */
  void read(Map<String, Object> u) {
    if (u == null) {
      return;
    }
    input = pick(Json.longValue(u, "prompt_tokens"), Json.longValue(u, "input_tokens"), input);
    output = pick(Json.longValue(u, "completion_tokens"), Json.longValue(u, "output_tokens"), output);
    cacheRead = pick(Json.longValue(u, "prompt_tokens_details", "cached_tokens"),
        Json.longValue(u, "input_tokens_details", "cached_tokens"), cacheRead);
    cacheRead = pick(Json.longValue(u, "cache_read_input_tokens"), null, cacheRead);
    cacheCreation = pick(Json.longValue(u, "cache_creation_input_tokens"), null, cacheCreation);
    reasoning = pick(Json.longValue(u, "completion_tokens_details", "reasoning_tokens"),
        Json.longValue(u, "output_tokens_details", "reasoning_tokens"), reasoning);
  }

  /** Gemini usageMetadata. promptTokenCount already includes cached content; thoughts are counted apart. */
  void readGemini(Map<String, Object> u) {
    if (u == null) {
      return;
    }
    input = pick(Json.longValue(u, "promptTokenCount"), null, input);
    cacheRead = pick(Json.longValue(u, "cachedContentTokenCount"), null, cacheRead);
    Long candidates = Json.longValue(u, "candidatesTokenCount");
    Long thoughts = Json.longValue(u, "thoughtsTokenCount");
    reasoning = pick(thoughts, null, reasoning);
    if (candidates != null || thoughts != null) {
      output = (candidates == null ? 0 : candidates) + (thoughts == null ? 0 : thoughts);
    }
  }

  /** Counts reported as plain fields (Ollama's prompt_eval_count / eval_count). */
  void set(Long inputTokens, Long outputTokens) {
    input = pick(inputTokens, null, input);
    output = pick(outputTokens, null, output);
  }

  Long input() {
    if (!inputExcludesCache || (cacheRead == null && cacheCreation == null)) {
      return input;
    }
    return (input == null ? 0 : input) + (cacheRead == null ? 0 : cacheRead) + (cacheCreation == null ? 0 : cacheCreation);
  }

  Long output() { return output; }
  Long cacheRead() { return cacheRead; }
  Long cacheCreation() { return cacheCreation; }
  Long reasoning() { return reasoning; }

  private static Long pick(Long first, Long second, Long previous) {
    return first != null ? first : second != null ? second : previous;
  }
}
