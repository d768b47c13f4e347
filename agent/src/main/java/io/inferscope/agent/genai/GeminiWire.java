package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * Google's {@code generateContent} and {@code streamGenerateContent}, and the embeddings methods, on the Gemini API
 * ({@code /v1beta/models/{model}:generateContent}) and Vertex AI
 * ({@code .../publishers/google/models/{model}:generateContent}); the model is in the path. Without
 * {@code alt=sse} a stream is one JSON array, read element by element as it arrives.
 */
final class GeminiWire extends ProviderWire {
  static final WireFormat GENERATE = new WireFormat("gemini.generate_content", RequestContent.GEMINI_CONTENTS, RequestContent.GEMINI_SYSTEM) {
    @Override
    RequestParameters requestParameters() {
      return new Request();
    }

    @Override
    ResponseReader reader(LlmResponse response) {
      return new GeminiReader(response);
    }
  };

  /**
   * Embeddings: Gemini's {@code :batchEmbedContents} and {@code :embedContent} (also Vertex AI's, for
   * its Gemini embedding models), and Vertex AI's {@code :predict} of a Google embedding model.
   */
  static final WireFormat EMBED = new WireFormat("gemini.embed_content", RequestContent.GEMINI_EMBED_INPUT, null) {
    @Override
    RequestParameters requestParameters() {
      return new EmbedRequest();
    }

    @Override
    ResponseReader reader(LlmResponse response) {
      return new GeminiEmbedReader(response);
    }
  };

  @Override
  LlmEndpoint match(String p, String host) {
    int colon = p.lastIndexOf(':');
    String method = colon < 0 ? "" : p.substring(colon + 1);
    boolean stream = method.equals("streamGenerateContent");
    boolean embed = method.equals("batchEmbedContents") || method.equals("embedContent") || method.equals("predict");
    if (!stream && !embed && !method.equals("generateContent")) {
      return null;
    }
    String resource = p.substring(0, colon);
    int m = resource.lastIndexOf("/models/");
    if (m < 0) {
      return null;
    }
    String model = resource.substring(m + "/models/".length());
    String prefix = resource.substring(0, m);
    if (model.isEmpty() || model.indexOf('/') >= 0) {
      return null;
    }
    String provider;
    if (prefix.endsWith("/publishers/google")) {
      provider = "gcp.vertex_ai";
    } else if (prefix.endsWith("/v1beta") || prefix.endsWith("/v1") || prefix.endsWith("/v1alpha")) {
      provider = "gcp.gemini";
    } else {
      return null;
    }
    if (method.equals("predict") && (!provider.equals("gcp.vertex_ai") || !model.contains("embedding"))) {
      return null; // Vertex AI's :predict also serves image models (Imagen), which are no embeddings
    }
    return new LlmEndpoint(provider, embed ? LlmEndpoint.EMBEDDINGS : LlmEndpoint.GENERATE_CONTENT, embed ? EMBED : GENERATE,
        JsonWriter.truncate(model, LlmEndpoint.MAX_MODEL_LENGTH), stream);
  }

  /** An embeddings request names its model in the path only; its parameters are none of the recorded ones. */
  private static final class EmbedRequest extends RequestParameters {
    private static final JsonSchema SCHEMA = common().build();

    @Override
    JsonSchema schema() {
      return SCHEMA;
    }

    @Override
    void interpretFormat(LlmEndpoint endpoint, LlmRequest r) {
      // nothing beyond the common members
    }
  }

  /** generationConfig and generation_config (the REST API accepts both spellings of every name). */
  private static final class Request extends RequestParameters {
    private static final JsonSchema SCHEMA = schemaOf();

    private static JsonSchema schemaOf() {
      JsonSchema.Builder schema = common();
      for (String config : new String[] {"generationConfig.", "generation_config."}) {
        schema.field(config + "temperature", TEMPERATURE)
            .field(config + "topP", TOP_P).field(config + "top_p", TOP_P_ALT)
            .field(config + "topK", TOP_K).field(config + "top_k", TOP_K_ALT)
            .field(config + "maxOutputTokens", MAX_TOKENS).field(config + "max_output_tokens", MAX_TOKENS_ALT)
            .field(config + "stopSequences", STOP, SHORT).field(config + "stopSequences[]", STOP_ITEM, SHORT)
            .field(config + "stop_sequences", STOP_ALT, SHORT).field(config + "stop_sequences[]", STOP_ALT_ITEM, SHORT)
            .field(config + "candidateCount", CHOICES).field(config + "candidate_count", CHOICES_ALT)
            .field(config + "seed", SEED)
            .field(config + "presencePenalty", PRESENCE_PENALTY).field(config + "presence_penalty", PRESENCE_PENALTY_ALT)
            .field(config + "frequencyPenalty", FREQUENCY_PENALTY).field(config + "frequency_penalty", FREQUENCY_PENALTY_ALT)
            .field(config + "responseMimeType", RESPONSE_TYPE, SHORT).field(config + "response_mime_type", RESPONSE_TYPE_ALT, SHORT);
      }
      return schema.build();
    }

    @Override
    JsonSchema schema() {
      return SCHEMA;
    }

    @Override
    void interpretFormat(LlmEndpoint endpoint, LlmRequest r) {
      r.stream = endpoint.streamFromPath();
      r.maxTokens = first(whole(MAX_TOKENS), whole(MAX_TOKENS_ALT));
      r.choiceCount = first(whole(CHOICES), whole(CHOICES_ALT));
      String mime = first(string(RESPONSE_TYPE), string(RESPONSE_TYPE_ALT));
      r.outputType = mime == null ? null : mime.equals("application/json") ? "json" : mime.startsWith("text/") ? "text" : null;
    }
  }
}
