package io.inferscope.agent.genai;

import io.inferscope.agent.genai.LlmEndpoint.Api;
import io.inferscope.agent.genai.json.JsonSchema;
import io.inferscope.agent.genai.json.JsonSlots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the {@code gen_ai.request.*} parameters of a request body as it is scanned, for the three
 * families of names: OpenAI-compatible and Anthropic (shared names), Ollama ({@code options}) and
 * Gemini ({@code generationConfig}, camel or snake case).
 */
final class RequestParameters extends JsonSlots {
  static final int MAX_STOP_SEQUENCES = 32;

  static final int ROOT = 0;
  static final int MODEL = 1;
  static final int STREAM = 2;
  static final int INCLUDE_USAGE = 3;
  static final int TEMPERATURE = 4;
  static final int TOP_P = 5;
  static final int TOP_P_ALT = 6;
  static final int TOP_K = 7;
  static final int TOP_K_ALT = 8;
  static final int MAX_TOKENS = 9;
  static final int MAX_TOKENS_ALT = 10;
  static final int MAX_TOKENS_ALT2 = 11;
  static final int FREQUENCY_PENALTY = 12;
  static final int FREQUENCY_PENALTY_ALT = 13;
  static final int PRESENCE_PENALTY = 14;
  static final int PRESENCE_PENALTY_ALT = 15;
  static final int STOP = 16;
  static final int STOP_ITEM = 17;
  static final int STOP_ALT = 18;
  static final int STOP_ALT_ITEM = 19;
  static final int SEED = 20;
  static final int CHOICES = 21;
  static final int CHOICES_ALT = 22;
  static final int ENCODING_FORMAT = 23;
  static final int RESPONSE_TYPE = 24;
  static final int RESPONSE_TYPE_ALT = 25;
  static final int FORMAT = 26;
  private static final int TAGS = 27;

  private static final int SHORT = LlmRequest.MAX_SHORT_STRING;
  private static final JsonSchema OPENAI = openAi();
  private static final JsonSchema OLLAMA = ollama();
  private static final JsonSchema GEMINI = gemini();

  private final List<String> stop = new ArrayList<>();
  private final List<String> stopAlt = new ArrayList<>();

  RequestParameters() {
    super(TAGS);
  }

  static JsonSchema schema(Api api) {
    if (api == null) {
      return OPENAI;
    }
    switch (api) {
      case OLLAMA_CHAT:
      case OLLAMA_GENERATE:
      case OLLAMA_EMBED:
        return OLLAMA;
      case GEMINI_GENERATE:
        return GEMINI;
      default:
        return OPENAI;
    }
  }

  private static JsonSchema.Builder common() {
    return JsonSchema.builder().field("", ROOT).field("model", MODEL, SHORT).field("stream", STREAM);
  }

  private static JsonSchema openAi() {
    return common().field("stream_options.include_usage", INCLUDE_USAGE)
        .field("temperature", TEMPERATURE).field("top_p", TOP_P).field("top_k", TOP_K)
        .field("max_completion_tokens", MAX_TOKENS).field("max_tokens", MAX_TOKENS_ALT).field("max_output_tokens", MAX_TOKENS_ALT2)
        .field("frequency_penalty", FREQUENCY_PENALTY).field("presence_penalty", PRESENCE_PENALTY)
        .field("stop", STOP, SHORT).field("stop[]", STOP_ITEM, SHORT)
        .field("stop_sequences", STOP_ALT, SHORT).field("stop_sequences[]", STOP_ALT_ITEM, SHORT)
        .field("seed", SEED).field("n", CHOICES).field("encoding_format", ENCODING_FORMAT, SHORT)
        .field("response_format.type", RESPONSE_TYPE, SHORT).field("text.format.type", RESPONSE_TYPE_ALT, SHORT)
        .build();
  }

  private static JsonSchema ollama() {
    return common().field("options.temperature", TEMPERATURE).field("options.top_p", TOP_P).field("options.top_k", TOP_K)
        .field("options.num_predict", MAX_TOKENS).field("options.seed", SEED)
        .field("options.stop", STOP, SHORT).field("options.stop[]", STOP_ITEM, SHORT)
        .field("options.frequency_penalty", FREQUENCY_PENALTY).field("options.presence_penalty", PRESENCE_PENALTY)
        .field("format", FORMAT, SHORT)
        .build();
  }

  /** generationConfig and generation_config (the REST API accepts both spellings of every name). */
  private static JsonSchema gemini() {
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
  public void string(int tag, CharSequence text, long length) {
    super.string(tag, text, length);
    List<String> list = tag == STOP_ITEM ? stop : tag == STOP_ALT_ITEM ? stopAlt : null;
    if (list != null && list.size() < MAX_STOP_SEQUENCES) {
      list.add(text.toString());
    }
  }

  @Override
  protected void began(int tag, long index) {
    if (tag == STOP) {
      stop.clear(); // the last of duplicate members wins
    } else if (tag == STOP_ALT) {
      stopAlt.clear();
    }
  }

  boolean isObjectRoot() {
    return isObject(ROOT);
  }

  /** Fills in what the body said, the way each family names it. */
  void interpret(LlmEndpoint endpoint, LlmRequest r) {
    r.model = string(MODEL);
    if (r.model == null) {
      r.model = endpoint.modelFromPath();
    }
    r.stream = bool(STREAM);
    switch (endpoint.api()) {
      case OLLAMA_CHAT, OLLAMA_GENERATE, OLLAMA_EMBED -> {
        if (r.stream == null && endpoint.api() != Api.OLLAMA_EMBED) {
          r.stream = Boolean.TRUE; // Ollama streams unless told "stream": false
        }
        Long predict = whole(MAX_TOKENS);
        r.maxTokens = predict != null && predict >= 0 ? predict : null; // -1 / -2 mean "no limit" / "fill context"
        r.outputType = is(FORMAT, "json") || isObject(FORMAT) ? "json" : null;
      }
      case GEMINI_GENERATE -> {
        r.stream = endpoint.streamFromPath();
        r.maxTokens = first(whole(MAX_TOKENS), whole(MAX_TOKENS_ALT));
        r.choiceCount = first(whole(CHOICES), whole(CHOICES_ALT));
        String mime = first(string(RESPONSE_TYPE), string(RESPONSE_TYPE_ALT));
        r.outputType = mime == null ? null : mime.equals("application/json") ? "json" : mime.startsWith("text/") ? "text" : null;
      }
      default -> { // OpenAI-compatible and Anthropic share most names
        r.includeUsage = bool(INCLUDE_USAGE);
        r.maxTokens = first(first(whole(MAX_TOKENS), whole(MAX_TOKENS_ALT)), whole(MAX_TOKENS_ALT2));
        r.choiceCount = whole(CHOICES);
        String format = string(ENCODING_FORMAT);
        r.encodingFormats = format == null ? null : List.of(format);
        String type = first(string(RESPONSE_TYPE), string(RESPONSE_TYPE_ALT)); // the Responses API's text.format
        r.outputType = type == null ? null : type.startsWith("json") ? "json" : type.equals("text") ? "text" : null;
      }
    }
    r.temperature = number(TEMPERATURE);
    r.topP = first(number(TOP_P), number(TOP_P_ALT));
    r.topK = first(number(TOP_K), number(TOP_K_ALT)); // Anthropic, Gemini, Ollama, and vLLM's OpenAI extension
    r.frequencyPenalty = first(number(FREQUENCY_PENALTY), number(FREQUENCY_PENALTY_ALT));
    r.presencePenalty = first(number(PRESENCE_PENALTY), number(PRESENCE_PENALTY_ALT));
    r.seed = whole(SEED);
    r.stopSequences = stopSequences();
  }

  private static <T> T first(T value, T alternative) {
    return value != null ? value : alternative;
  }

  /** The stop sequences: the first spelling present (non-null) wins, as a string or a list of strings. */
  private List<String> stopSequences() {
    boolean first = present(STOP);
    int tag = first ? STOP : STOP_ALT;
    if (text(tag) != null) {
      return List.of(string(tag));
    }
    if (!isArray(tag)) {
      return null;
    }
    return Collections.unmodifiableList(new ArrayList<>(first ? stop : stopAlt));
  }
}
