package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;
import java.util.List;

/**
 * OpenAI's API and every server that speaks it (vLLM, llama.cpp, LM Studio, LiteLLM, Groq, DeepSeek,
 * Mistral, x.ai, Perplexity, Ollama's {@code /v1}, Gemini's and Vertex's OpenAI endpoints): chat
 * completions, completions, embeddings and the Responses API. Azure's deployment paths are
 * {@link AzureOpenAiWire}; its formats are these.
 */
final class OpenAiWire extends ProviderWire {
  static final WireFormat CHAT = new Format("openai.chat", RequestContent.MESSAGES, null);
  static final WireFormat COMPLETIONS = new Format("openai.completions", RequestContent.PROMPT_INPUT, null);
  static final WireFormat EMBEDDINGS = new Format("openai.embeddings", RequestContent.EMBEDDINGS_INPUT, null);
  static final WireFormat RESPONSES = new Format("openai.responses", RequestContent.RESPONSES_INPUT, RequestContent.INSTRUCTIONS);

  /**
   * On an unknown host the path must look like an OpenAI base URL (the resource right after
   * {@code /v1} or {@code /openai}, with any proxy prefix before), which keeps an application's own
   * {@code /chat/completions} route from being taken for an LLM. Known provider hosts also use bare
   * paths (Perplexity, DeepSeek) or their own prefixes (Gemini's {@code /v1beta/openai}, Vertex's
   * {@code .../endpoints/openapi}).
   */
  @Override
  LlmEndpoint match(String p, String host) {
    String provider = providerForHost(host);
    WireFormat api;
    String operation;
    String suffix;
    if (p.endsWith("/chat/completions")) {
      api = CHAT; operation = LlmEndpoint.CHAT; suffix = "/chat/completions";
    } else if (p.endsWith("/completions")) {
      api = COMPLETIONS; operation = LlmEndpoint.TEXT_COMPLETION; suffix = "/completions";
    } else if (p.endsWith("/embeddings")) {
      api = EMBEDDINGS; operation = LlmEndpoint.EMBEDDINGS; suffix = "/embeddings";
    } else if (p.endsWith("/responses")) {
      api = RESPONSES; operation = LlmEndpoint.CHAT; suffix = "/responses";
    } else {
      return null;
    }
    String prefix = p.substring(0, p.length() - suffix.length());
    if (provider == null && !prefix.endsWith("/v1") && !prefix.endsWith("/openai")) {
      return null;
    }
    // Any other host speaking this protocol (vLLM, llama.cpp, LM Studio, LiteLLM, Ollama's /v1 on
    // :11434) is reported as "openai": the provider name then describes the wire protocol, the only
    // thing we can know from the outside. The server address attributes still tell them apart.
    return new LlmEndpoint(provider == null ? "openai" : provider, operation, api, null, false);
  }

  private static String providerForHost(String h) {
    if (h == null) {
      return null;
    }
    switch (h) {
      case "api.openai.com": return "openai";
      case "api.groq.com": return "groq";
      case "api.deepseek.com": return "deepseek";
      case "api.mistral.ai": return "mistral_ai";
      case "api.x.ai": return "x_ai";
      case "api.perplexity.ai": return "perplexity";
      case "api.anthropic.com": return "anthropic";
      case "generativelanguage.googleapis.com": return "gcp.gemini";
      default:
        if (h.endsWith(".openai.azure.com") || h.endsWith(".cognitiveservices.azure.com")) {
          return "azure.ai.openai";
        }
        if (h.equals("aiplatform.googleapis.com") || h.endsWith("-aiplatform.googleapis.com")) {
          return "gcp.vertex_ai";
        }
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
      return new OpenAiReader(response, this);
    }
  }


  /** OpenAI's request members; Anthropic's are a subset of these names, so its format reads them too. */
  static final class Request extends RequestParameters {
    private static final JsonSchema SCHEMA = common().field("stream_options.include_usage", INCLUDE_USAGE)
        .field("temperature", TEMPERATURE).field("top_p", TOP_P).field("top_k", TOP_K)
        .field("max_completion_tokens", MAX_TOKENS).field("max_tokens", MAX_TOKENS_ALT).field("max_output_tokens", MAX_TOKENS_ALT2)
        .field("frequency_penalty", FREQUENCY_PENALTY).field("presence_penalty", PRESENCE_PENALTY)
        .field("stop", STOP, SHORT).field("stop[]", STOP_ITEM, SHORT)
        .field("stop_sequences", STOP_ALT, SHORT).field("stop_sequences[]", STOP_ALT_ITEM, SHORT)
        .field("seed", SEED).field("n", CHOICES).field("encoding_format", ENCODING_FORMAT, SHORT)
        .field("response_format.type", RESPONSE_TYPE, SHORT).field("text.format.type", RESPONSE_TYPE_ALT, SHORT)
        .build();

    @Override
    JsonSchema schema() {
      return SCHEMA;
    }

    @Override
    void interpretFormat(LlmEndpoint endpoint, LlmRequest r) {
      r.includeUsage = bool(INCLUDE_USAGE);
      r.maxTokens = first(first(whole(MAX_TOKENS), whole(MAX_TOKENS_ALT)), whole(MAX_TOKENS_ALT2));
      r.choiceCount = whole(CHOICES);
      String format = string(ENCODING_FORMAT);
      r.encodingFormats = format == null ? null : List.of(format);
      String type = first(string(RESPONSE_TYPE), string(RESPONSE_TYPE_ALT)); // the Responses API's text.format
      r.outputType = type == null ? null : type.startsWith("json") ? "json" : type.equals("text") ? "text" : null;
    }
  }
}
