package io.inferscope.agent.genai;

import java.util.List;

/**
 * One provider family's wire protocol: which requests are its endpoints, and the {@link WireFormat}
 * of each. Every family is registered in {@link #ALL}; a new provider is one such class (and its
 * response reader) plus its test.
 */
abstract class ProviderWire {
  /**
   * What {@link #match} returns for a path that is this family's and nothing else's, but no LLM call
   * (a malformed Azure deployment path): the search stops there.
   */
  static final LlmEndpoint NOT_AN_LLM_CALL = new LlmEndpoint("", "", null, null, false);

  /**
   * Every family, in the order they are asked: the first that recognises a request has it. Specific
   * paths come first; the OpenAI-compatible family, which also recognises any host's {@code /v1/...},
   * comes last.
   */
  static final List<ProviderWire> ALL = List.of(
      new GeminiWire(), new AzureOpenAiWire(), new AnthropicWire(), new OllamaWire(), new BedrockWire(), new OpenAiWire());

  /**
   * The endpoint a POST to this path and host is, or null when it is not this family's.
   *
   * @param path without query, fragment, authority or trailing slashes, percent-decoded
   * @param host lower case, without port or trailing dot; null when unknown
   */
  abstract LlmEndpoint match(String path, String host);

  /**
   * As {@link #match(String, String)}, knowing whether a client SDK's call is current: a family whose
   * path shape is too generic to trust on any host (Bedrock's) also takes it inside an SDK call.
   */
  LlmEndpoint match(String path, String host, boolean inSdkCall) {
    return match(path, host);
  }
}
