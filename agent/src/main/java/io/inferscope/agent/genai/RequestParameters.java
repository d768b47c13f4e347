package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;
import io.inferscope.agent.genai.json.JsonSlots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the {@code gen_ai.request.*} parameters of a request body as it is scanned. The members every
 * format shares (model, stream, and the sampling numbers once each format has put them under these
 * tags) are interpreted here; each {@link WireFormat}'s subclass names where its members are and
 * fills in what only it has.
 */
abstract class RequestParameters extends JsonSlots {
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

  static final int SHORT = LlmRequest.MAX_SHORT_STRING;


  private final List<String> stop = new ArrayList<>();
  private final List<String> stopAlt = new ArrayList<>();

  RequestParameters() {
    super(TAGS);
  }

  /** The members every format names alike. */
  static JsonSchema.Builder common() {
    return JsonSchema.builder().field("", ROOT).field("model", MODEL, SHORT).field("stream", STREAM);
  }

  /** The paths this format's members are at; one schema per format, shared. */
  abstract JsonSchema schema();

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

  /** Fills in what only this format has (after model and stream, before the shared numbers). */
  abstract void interpretFormat(LlmEndpoint endpoint, LlmRequest r);

  /** Fills in what the body said, the way its format names it. */
  final void interpret(LlmEndpoint endpoint, LlmRequest r) {
    r.model = string(MODEL);
    if (r.model == null) {
      r.model = endpoint.modelFromPath();
    }
    r.stream = bool(STREAM);
    interpretFormat(endpoint, r);
    r.temperature = number(TEMPERATURE);
    r.topP = first(number(TOP_P), number(TOP_P_ALT));
    r.topK = first(number(TOP_K), number(TOP_K_ALT)); // Anthropic, Gemini, Ollama, and vLLM's OpenAI extension
    r.frequencyPenalty = first(number(FREQUENCY_PENALTY), number(FREQUENCY_PENALTY_ALT));
    r.presencePenalty = first(number(PRESENCE_PENALTY), number(PRESENCE_PENALTY_ALT));
    r.seed = whole(SEED);
    r.stopSequences = stopSequences();
  }

  static <T> T first(T value, T alternative) {
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
