package io.inferscope.agent.genai;

import io.inferscope.agent.genai.LlmEndpoint.Api;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The {@code gen_ai.request.*} facts of one LLM request body. Every getter returns null when the
 * body does not say (and the endpoint does not imply) the value.
 *
 * <p>The parsed body is kept so that the opt-in content methods can render it on demand; call them
 * soon after parsing and drop this object (or do not keep it at all when content capture is off).
 */
public final class LlmRequest {
  static final int MAX_STOP_SEQUENCES = 32;
  static final int MAX_SHORT_STRING = 256;

  private final Api api;
  private final Object body;
  private final boolean malformed;
  private String model;
  private Boolean stream;
  private Boolean includeUsage;
  private Double temperature;
  private Double topP;
  private Double topK;
  private Long maxTokens;
  private Double frequencyPenalty;
  private Double presencePenalty;
  private List<String> stopSequences;
  private Long seed;
  private Long choiceCount;
  private List<String> encodingFormats;
  private String outputType;

  private LlmRequest(Api api, Object body, boolean malformed) {
    this.api = api;
    this.body = body;
    this.malformed = malformed;
  }

  /** Never throws; a null, absent or malformed body gives only what the endpoint implies. */
  public static LlmRequest parse(LlmEndpoint endpoint, byte[] body, int length) {
    Api api = endpoint == null ? null : endpoint.api();
    int len = body == null ? 0 : Math.max(0, Math.min(length, body.length));
    Object root = len == 0 ? null : Json.parse(body, 0, len);
    LlmRequest r = new LlmRequest(api, root instanceof Map ? root : null, len > 0 && !(root instanceof Map));
    if (endpoint == null) {
      return r;
    }
    try {
      r.read(endpoint);
    } catch (RuntimeException e) {
      // A shape we did not expect: keep whatever was read before it.
    }
    return r;
  }

  private void read(LlmEndpoint endpoint) {
    Object b = body;
    model = JsonWriter.truncate(Json.string(b, "model"), MAX_SHORT_STRING);
    if (model == null) {
      model = endpoint.modelFromPath();
    }
    stream = Json.bool(b, "stream");
    switch (api) {
      case OLLAMA_CHAT:
      case OLLAMA_GENERATE:
      case OLLAMA_EMBED:
        readOllama(b);
        break;
      case GEMINI_GENERATE:
        stream = endpoint.streamFromPath();
        Object config = first(b, "generationConfig", "generation_config");
        temperature = Json.doubleValue(config, "temperature");
        topP = dbl(config, "topP", "top_p");
        topK = dbl(config, "topK", "top_k");
        maxTokens = lng(config, "maxOutputTokens", "max_output_tokens");
        stopSequences = strings(first(config, "stopSequences", "stop_sequences"));
        choiceCount = lng(config, "candidateCount", "candidate_count");
        seed = Json.longValue(config, "seed");
        presencePenalty = dbl(config, "presencePenalty", "presence_penalty");
        frequencyPenalty = dbl(config, "frequencyPenalty", "frequency_penalty");
        String mime = Json.string(first(config, "responseMimeType", "response_mime_type"));
        outputType = mime == null ? null : mime.equals("application/json") ? "json" : mime.startsWith("text/") ? "text" : null;
        break;
      default: // OpenAI-compatible and Anthropic share most names
        includeUsage = Json.bool(b, "stream_options", "include_usage");
        temperature = Json.doubleValue(b, "temperature");
        topP = Json.doubleValue(b, "top_p");
        topK = Json.doubleValue(b, "top_k"); // Anthropic, and vLLM's OpenAI extension
        maxTokens = lng(b, "max_completion_tokens", "max_tokens");
        if (maxTokens == null) {
          maxTokens = Json.longValue(b, "max_output_tokens");
        }
        frequencyPenalty = Json.doubleValue(b, "frequency_penalty");
        presencePenalty = Json.doubleValue(b, "presence_penalty");
        stopSequences = strings(first(b, "stop", "stop_sequences"));
        seed = Json.longValue(b, "seed");
        choiceCount = Json.longValue(b, "n");
        String format = Json.string(b, "encoding_format");
        encodingFormats = format == null ? null : List.of(JsonWriter.truncate(format, MAX_SHORT_STRING));
        String type = Json.string(b, "response_format", "type");
        if (type == null) {
          type = Json.string(b, "text", "format", "type"); // Responses API
        }
        outputType = type == null ? null : type.startsWith("json") ? "json" : type.equals("text") ? "text" : null;
    }
  }

  private void readOllama(Object b) {
    if (stream == null && api != Api.OLLAMA_EMBED) {
      stream = Boolean.TRUE; // Ollama streams unless told "stream": false
    }
    Object options = Json.map(b, "options");
    temperature = Json.doubleValue(options, "temperature");
    topP = Json.doubleValue(options, "top_p");
    topK = Json.doubleValue(options, "top_k");
    Long predict = Json.longValue(options, "num_predict");
    maxTokens = predict != null && predict >= 0 ? predict : null; // -1 / -2 mean "no limit" / "fill context"
    seed = Json.longValue(options, "seed");
    stopSequences = strings(Json.at(options, "stop"));
    frequencyPenalty = Json.doubleValue(options, "frequency_penalty");
    presencePenalty = Json.doubleValue(options, "presence_penalty");
    Object format = Json.at(b, "format");
    outputType = "json".equals(format) || format instanceof Map ? "json" : null;
  }

  /**
   * The input as {@code gen_ai.input.messages} JSON, each text cut at maxLength chars (see
   * {@link JsonWriter}); null when the body holds no input we understand. Only text parts are kept:
   * images, audio and tool-call structures are left out.
   */
  public String inputMessagesJson(int maxLength) {
    if (body == null || api == null) {
      return null;
    }
    try {
      JsonWriter w = new JsonWriter(maxLength);
      switch (api) {
        case OPENAI_CHAT:
        case ANTHROPIC_MESSAGES:
        case OLLAMA_CHAT:
          messages(w, Json.list(body, "messages"), "content");
          break;
        case OPENAI_RESPONSES:
          Object input = Json.at(body, "input");
          if (input instanceof String) {
            w.beginMessage("user").textPart((String) input).endMessage(null);
          } else {
            messages(w, Json.list(input), "content");
          }
          break;
        case GEMINI_GENERATE:
          Object contents = Json.at(body, "contents");
          messages(w, contents instanceof Map ? List.of(contents) : Json.list(contents), "parts");
          break;
        case OLLAMA_EMBED:
          userTexts(w, Json.at(body, Json.at(body, "input") != null ? "input" : "prompt"));
          break;
        case OPENAI_EMBEDDINGS:
          userTexts(w, Json.at(body, "input"));
          break;
        default: // OPENAI_COMPLETIONS, OLLAMA_GENERATE
          userTexts(w, Json.at(body, "prompt"));
      }
      return w.isEmpty() ? null : w.toJson();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * System instructions given apart from the messages (Anthropic {@code system}, Gemini
   * {@code systemInstruction}, Responses {@code instructions}, Ollama generate {@code system}) as
   * {@code gen_ai.system_instructions} JSON (an array of text parts); null when there are none. In
   * OpenAI chat, system messages stay in {@link #inputMessagesJson} with role {@code system}.
   */
  public String systemInstructionsJson(int maxLength) {
    if (body == null || api == null) {
      return null;
    }
    try {
      Object source;
      switch (api) {
        case ANTHROPIC_MESSAGES: source = Json.at(body, "system"); break;
        case OPENAI_RESPONSES: source = Json.at(body, "instructions"); break;
        case OLLAMA_GENERATE: source = Json.at(body, "system"); break;
        case GEMINI_GENERATE:
          Object si = first(body, "systemInstruction", "system_instruction");
          source = si instanceof Map ? Json.at(si, "parts") : si;
          break;
        default: return null;
      }
      JsonWriter w = new JsonWriter(maxLength);
      parts(w, source);
      return w.isEmpty() ? null : w.toJson();
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Messages shaped {role, <contentKey>: string | [parts]}; Gemini's "model" role is the assistant. */
  private static void messages(JsonWriter w, List<Object> messages, String contentKey) {
    if (messages == null) {
      return;
    }
    for (Object m : messages) {
      String type = Json.string(m, "type");
      boolean message = Json.at(m, "role") != null
          || (Json.at(m, contentKey) != null && (type == null || type.equals("message")));
      if (!(m instanceof Map) || !message) {
        continue; // Responses items such as function_call or reasoning are not messages
      }
      String role = Json.string(m, "role");
      w.beginMessage("model".equals(role) ? "assistant" : role == null ? "user" : JsonWriter.truncate(role, MAX_SHORT_STRING));
      parts(w, Json.at(m, contentKey));
      w.endMessage(null);
    }
  }

  /** A string, or a list of strings and {text: ...} parts (text, input_text, output_text, Gemini). */
  private static void parts(JsonWriter w, Object content) {
    if (content instanceof String) {
      w.textPart((String) content);
    } else if (content instanceof List) {
      for (Object part : (List<?>) content) {
        w.textPart(part instanceof String ? (String) part : Json.string(part, "text"));
      }
    }
  }

  /** prompt / input: a string or a list of strings, as one user message (token arrays are skipped). */
  private static void userTexts(JsonWriter w, Object texts) {
    if (texts instanceof String || texts instanceof List) {
      w.beginMessage("user");
      parts(w, texts);
      w.endMessage(null);
    }
  }

  private static Object first(Object map, String key, String alternative) {
    Object v = Json.at(map, key);
    return v != null ? v : Json.at(map, alternative);
  }

  private static Double dbl(Object map, String key, String alternative) {
    Double v = Json.doubleValue(map, key);
    return v != null ? v : Json.doubleValue(map, alternative);
  }

  private static Long lng(Object map, String key, String alternative) {
    Long v = Json.longValue(map, key);
    return v != null ? v : Json.longValue(map, alternative);
  }

  /** A string or a list of strings, bounded in count and length; null when neither. */
  private static List<String> strings(Object value) {
    if (value instanceof String) {
      return List.of(JsonWriter.truncate((String) value, MAX_SHORT_STRING));
    }
    if (!(value instanceof List)) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (Object item : (List<?>) value) {
      if (item instanceof String && out.size() < MAX_STOP_SEQUENCES) {
        out.add(JsonWriter.truncate((String) item, MAX_SHORT_STRING));
      }
    }
    return Collections.unmodifiableList(out);
  }

  public Api api() { return api; }
  /** True when a body was given but was not a JSON object. */
  public boolean malformed() { return malformed; }
  public String model() { return model; }
  public Boolean stream() { return stream; }
  public Boolean includeUsage() { return includeUsage; }
  public Double temperature() { return temperature; }
  public Double topP() { return topP; }
  public Double topK() { return topK; }
  public Long maxTokens() { return maxTokens; }
  public Double frequencyPenalty() { return frequencyPenalty; }
  public Double presencePenalty() { return presencePenalty; }
  public List<String> stopSequences() { return stopSequences; }
  public Long seed() { return seed; }
  public Long choiceCount() { return choiceCount; }
  public List<String> encodingFormats() { return encodingFormats; }
  public String outputType() { return outputType; }
}
