package io.inferscope.agent.genai;

/**
 * Token counts of one response, in the conventions' sense: input includes cached input, output
 * includes reasoning. Later reports replace earlier ones field by field (stream usage is cumulative),
 * and a field a report leaves out keeps its earlier value.
 *
 * <p>Counts come from a server we do not control: a negative or fractional count is treated as
 * absent (a debug line says so), and sums of parts saturate at Long.MAX_VALUE instead of wrapping
 * to a negative, so the span and the token metrics always agree.
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

  /** OpenAI chat/completions/embeddings, OpenAI Responses and Anthropic usage counts of a document. */
  void read(ResponseReader d) {
    if (!d.anyWritten(ResponseReader.PROMPT_TOKENS, ResponseReader.OUTPUT_REASONING)) {
      return; // no count at all (most stream events): every field keeps its earlier value
    }
    input = pick(d.tokenCount(ResponseReader.PROMPT_TOKENS), d.tokenCount(ResponseReader.INPUT_TOKENS), input);
    output = pick(d.tokenCount(ResponseReader.COMPLETION_TOKENS), d.tokenCount(ResponseReader.OUTPUT_TOKENS), output);
    cacheRead = pick(d.tokenCount(ResponseReader.PROMPT_CACHED), d.tokenCount(ResponseReader.INPUT_CACHED), cacheRead);
    cacheRead = pick(d.tokenCount(ResponseReader.CACHE_READ), null, cacheRead);
    cacheCreation = pick(d.tokenCount(ResponseReader.CACHE_CREATION), null, cacheCreation);
    reasoning = pick(d.tokenCount(ResponseReader.COMPLETION_REASONING), d.tokenCount(ResponseReader.OUTPUT_REASONING), reasoning);
  }

  /** Gemini usageMetadata. promptTokenCount already includes cached content; thoughts are counted apart. */
  void readGemini(ResponseReader d) {
    if (!d.anyWritten(ResponseReader.GEMINI_PROMPT, ResponseReader.GEMINI_THOUGHTS)) {
      return;
    }
    input = pick(d.tokenCount(ResponseReader.GEMINI_PROMPT), null, input);
    cacheRead = pick(d.tokenCount(ResponseReader.GEMINI_CACHED), null, cacheRead);
    Long candidates = d.tokenCount(ResponseReader.GEMINI_CANDIDATES);
    Long thoughts = d.tokenCount(ResponseReader.GEMINI_THOUGHTS);
    reasoning = pick(thoughts, null, reasoning);
    if (candidates != null || thoughts != null) {
      output = sum(candidates, thoughts, null);
    }
  }

  /** Input tokens a format adds up itself (Vertex AI's embeddings count per instance). */
  void readInput(Long count) {
    input = pick(count, null, input);
  }

  /** Ollama's plain prompt_eval_count / eval_count fields. */
  void readOllama(ResponseReader d, boolean withOutput) {
    input = pick(d.tokenCount(ResponseReader.OLLAMA_PROMPT), null, input);
    if (withOutput) {
      output = pick(d.tokenCount(ResponseReader.OLLAMA_EVAL), null, output);
    }
  }

  /** Counts a format reads by itself (Titan, Bedrock's invocation metrics); a null keeps the earlier value. */
  void set(Long newInput, Long newOutput) {
    input = pick(newInput, null, input);
    output = pick(newOutput, null, output);
  }

  Long input() {
    if (!inputExcludesCache || (cacheRead == null && cacheCreation == null)) {
      return input;
    }
    return sum(input, cacheRead, cacheCreation);
  }

  Long output() { return output; }
  Long cacheRead() { return cacheRead; }
  Long cacheCreation() { return cacheCreation; }
  Long reasoning() { return reasoning; }

  /** The sum of the counts present, saturating instead of wrapping to a negative. */
  private static long sum(Long a, Long b, Long c) {
    return add(add(a == null ? 0 : a, b), c);
  }

  private static long add(long total, Long part) {
    return part == null ? total : total > Long.MAX_VALUE - part ? Long.MAX_VALUE : total + part;
  }

  private static Long pick(Long first, Long second, Long previous) {
    return first != null ? first : second != null ? second : previous;
  }
}
