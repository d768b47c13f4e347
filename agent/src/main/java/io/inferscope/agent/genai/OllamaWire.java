package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * Ollama's native API: {@code /api/chat}, {@code /api/generate}, {@code /api/embed} and the legacy
 * {@code /api/embeddings}, at the root or under {@code /ollama} (Open WebUI-style proxies). Answers
 * stream as NDJSON unless the request says {@code "stream": false}.
 */
final class OllamaWire extends ProviderWire {
  static final WireFormat CHAT = new Format("ollama.chat", RequestContent.MESSAGES, null);
  static final WireFormat GENERATE = new Format("ollama.generate", RequestContent.PROMPT_INPUT, RequestContent.SYSTEM_FIELD);
  static final WireFormat EMBED = new Format("ollama.embed", RequestContent.OLLAMA_EMBED_INPUT, null);

  @Override
  LlmEndpoint match(String p, String host) {
    String op = p.startsWith("/api/") ? p.substring(4) : p.endsWith("/ollama/api/chat") || p.endsWith("/ollama/api/generate")
        || p.endsWith("/ollama/api/embed") || p.endsWith("/ollama/api/embeddings") ? p.substring(p.lastIndexOf('/')) : null;
    if (op == null) {
      return null;
    }
    switch (op) {
      case "/chat":
        return new LlmEndpoint("ollama", LlmEndpoint.CHAT, CHAT, null, false);
      case "/generate":
        return new LlmEndpoint("ollama", LlmEndpoint.TEXT_COMPLETION, GENERATE, null, false);
      case "/embed":
      case "/embeddings":
        return new LlmEndpoint("ollama", LlmEndpoint.EMBEDDINGS, EMBED, null, false);
      default:
        return null;
    }
  }

  private static final class Format extends WireFormat {
    Format(String name, JsonSchema input, JsonSchema system) {
      super(name, input, system);
    }

    @Override
    RequestParameters requestParameters() {
      return new Request();
    }

    @Override
    ResponseReader reader(LlmResponse response) {
      return new OllamaReader(response);
    }
  }


  /** Sampling parameters live under {@code options}. */
  private static final class Request extends RequestParameters {
    private static final JsonSchema SCHEMA = common()
        .field("options.temperature", TEMPERATURE).field("options.top_p", TOP_P).field("options.top_k", TOP_K)
        .field("options.num_predict", MAX_TOKENS).field("options.seed", SEED)
        .field("options.stop", STOP, SHORT).field("options.stop[]", STOP_ITEM, SHORT)
        .field("options.frequency_penalty", FREQUENCY_PENALTY).field("options.presence_penalty", PRESENCE_PENALTY)
        .field("format", FORMAT, SHORT)
        .build();

    @Override
    JsonSchema schema() {
      return SCHEMA;
    }

    @Override
    void interpretFormat(LlmEndpoint endpoint, LlmRequest r) {
      if (r.stream == null && endpoint.api() != EMBED) {
        r.stream = Boolean.TRUE; // Ollama streams unless told "stream": false
      }
      Long predict = whole(MAX_TOKENS);
      r.maxTokens = predict != null && predict >= 0 ? predict : null; // -1 / -2 mean "no limit" / "fill context"
      r.outputType = is(FORMAT, "json") || isObject(FORMAT) ? "json" : null;
    }
  }
}
