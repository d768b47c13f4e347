package io.inferscope.agent.genai;


/** Anthropic's Messages API ({@code /v1/messages}), on Anthropic's host or any proxy of it. */
final class AnthropicWire extends ProviderWire {
  static final WireFormat MESSAGES = new WireFormat("anthropic.messages", RequestContent.MESSAGES, RequestContent.SYSTEM_FIELD) {
    @Override
    RequestParameters requestParameters() {
      return new OpenAiWire.Request(); // Anthropic's request members are a subset of OpenAI's names
    }

    @Override
    ResponseReader reader(LlmResponse response) {
      return new AnthropicReader(response);
    }

    /** Anthropic's input_tokens leaves out cache reads and writes. */
    @Override
    boolean inputTokensExcludeCache() {
      return true;
    }
  };

  @Override
  LlmEndpoint match(String p, String host) {
    return p.endsWith("/v1/messages") ? new LlmEndpoint("anthropic", LlmEndpoint.CHAT, MESSAGES, null, false) : null;
  }
}
