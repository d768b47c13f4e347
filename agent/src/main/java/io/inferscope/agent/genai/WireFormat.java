package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * The request and response bodies of one kind of LLM endpoint (OpenAI chat completions, Anthropic
 * messages, ...). A provider family ({@link ProviderWire}) declares its formats as constants and
 * matches its endpoints to them; everything that differs between formats is answered here, so no
 * code outside a family switches over formats, and a new provider touches nothing else.
 */
public abstract class WireFormat {
  private final String name;
  private final JsonSchema inputContent;
  private final JsonSchema systemContent;

  /**
   * @param inputContent where the input messages are ({@link RequestContent}'s shapes), for opt-in
   *     content capture; null: none
   * @param systemContent where system instructions given apart from the messages are; null: none
   */
  WireFormat(String name, JsonSchema inputContent, JsonSchema systemContent) {
    this.name = name;
    this.inputContent = inputContent;
    this.systemContent = systemContent;
  }

  /** A fresh reader of this format's request parameters, one per request. */
  abstract RequestParameters requestParameters();

  final JsonSchema inputContent() {
    return inputContent;
  }

  final JsonSchema systemContent() {
    return systemContent;
  }

  /** The reader of this format's response documents, one per response. */
  abstract ResponseReader reader(LlmResponse response);

  /** Whether the reported input tokens leave out cache reads and writes (Anthropic), which are then added in. */
  boolean inputTokensExcludeCache() {
    return false;
  }

  /**
   * How a response body of this content type is framed: a JSON body (possibly several documents,
   * or an array read element by element), Server-Sent Events, or NDJSON lines.
   */
  public Framing framing(String contentType) {
    return Framing.of(contentType);
  }

  @Override
  public String toString() {
    return name;
  }
}
