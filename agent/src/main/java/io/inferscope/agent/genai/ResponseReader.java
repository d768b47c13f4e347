package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;
import io.inferscope.agent.genai.json.JsonSlots;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one provider family's response documents (a body, an SSE event's data, an NDJSON line) as a
 * {@link JsonSink}: the values at the paths its schema names land in per-document slots, by tag
 * (the last value wins, as with duplicate members), and {@link #commit} turns a whole, well-formed
 * document into facts on the {@link LlmResponse}. Nothing of a document counts until it is known to
 * be whole, so a malformed one leaves no half-read facts behind. Slots and staging are reused: a
 * stream allocates nothing per event once its strings have been seen.
 *
 * <p>Tags below {@link #FIRST_FORMAT_TAG} are shared by all formats (root, identity, usage, error);
 * each format numbers its own from there.
 */
abstract class ResponseReader extends JsonSlots {
  private static final Logger log = LoggerFactory.getLogger(ResponseReader.class);

  static final int ROOT = 0;
  static final int ID = 1;
  static final int MODEL = 2;
  static final int TYPE = 3;
  static final int STATUS = 4;
  static final int CODE = 5;
  static final int ERROR = 6;
  static final int ERROR_TYPE = 7;
  static final int ERROR_STATUS = 8;
  static final int ERROR_CODE = 9;
  // Usage counts, as ResponseUsage reads them.
  static final int PROMPT_TOKENS = 10;
  static final int INPUT_TOKENS = 11;
  static final int COMPLETION_TOKENS = 12;
  static final int OUTPUT_TOKENS = 13;
  static final int PROMPT_CACHED = 14;
  static final int INPUT_CACHED = 15;
  static final int CACHE_READ = 16;
  static final int CACHE_CREATION = 17;
  static final int COMPLETION_REASONING = 18;
  static final int OUTPUT_REASONING = 19;
  static final int GEMINI_PROMPT = 20;
  static final int GEMINI_CACHED = 21;
  static final int GEMINI_CANDIDATES = 22;
  static final int GEMINI_THOUGHTS = 23;
  static final int OLLAMA_PROMPT = 24;
  static final int OLLAMA_EVAL = 25;
  static final int FIRST_FORMAT_TAG = 26;

  static final int SHORT = LlmResponse.MAX_SHORT_STRING;
  static final int NAME = 64;

  final LlmResponse response;
  /** The document's choices, merged into the response's on commit. */
  final ResponseChoices staged;
  /** True while a body is read: each top-level value is a document of its own, committed as it ends. */
  private boolean body;
  /** The document carried generated content (text, tool calls, reasoning): one chunk of a stream. */
  boolean content;
  private int bodyDocuments;
  private boolean firstDocumentHadContent;

  ResponseReader(LlmResponse response) {
    super(FIRST_FORMAT_TAG + 24);
    this.response = response;
    this.staged = new ResponseChoices(LlmResponse.MAX_CHOICES, response.maxContentLength());
  }

  /** The paths this format reads; built once per format and shared. */
  abstract JsonSchema schema();

  /**
   * A whole, well-formed document: add what it says to the response.
   *
   * @param event the SSE event name (null outside SSE, or when the event had none)
   * @param streamed whether the document is one piece of a stream rather than a whole body
   */
  abstract void commit(CharSequence event, boolean streamed);

  /** Whether a document that is an array is read (element by element, as it streams); otherwise it is malformed. */
  boolean acceptsArrayRoot() {
    return false;
  }

  void readingBody(boolean isBody) {
    this.body = isBody;
  }

  /** Whether documents are pieces of a stream (events, lines) rather than a whole body. */
  final boolean inStream() {
    return !body;
  }

  static boolean same(CharSequence a, String b) {
    return a != null && b.contentEquals(a);
  }

  static boolean endsWith(CharSequence a, String suffix) {
    int offset = a.length() - suffix.length();
    if (offset < 0) {
      return false;
    }
    for (int i = 0; i < suffix.length(); i++) {
      if (a.charAt(offset + i) != suffix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Forgets the current document: after a commit, or when it turned out malformed or too large. */
  void discard() {
    clearAll();
    staged.clear();
    content = false;
  }

  /**
   * A body's document ended. A body holding several is a stream sent as one body (Ollama's NDJSON
   * with a JSON content type): its documents are then pieces of a stream, the first one included.
   */
  @Override
  public final void document() {
    if (!body) {
      return;
    }
    bodyDocuments++;
    if (bodyDocuments == 2 && firstDocumentHadContent) {
      response.chunk();
    }
    boolean hadContent = commitDocument(null, bodyDocuments > 1);
    if (bodyDocuments == 1) {
      firstDocumentHadContent = hadContent;
    }
  }

  /** Commits and forgets the current document, containing any failure to this document; whether it had content. */
  final boolean commitDocument(CharSequence event, boolean streamed) {
    try {
      if (isObject(ROOT)) {
        commit(event, streamed);
      } else if (!isArray(ROOT) || !acceptsArrayRoot()) {
        response.markMalformed();
      }
      return content;
    } finally {
      discard();
    }
  }

  /** Streams repeat their id and model in every event: once known, they are not copied again. */
  @Override
  public boolean wants(int tag) {
    return (tag != ID || !response.hasId()) && (tag != MODEL || !response.hasModel());
  }

  /** A token count: a whole number from 0 up; anything else a server reports is treated as absent. */
  final Long tokenCount(int tag) {
    if (!anyNumber(tag)) {
      return null;
    }
    Long whole = whole(tag);
    if (whole == null || whole < 0) {
      if (log.isDebugEnabled()) {
        log.debug("ignoring a token count the server reported as {}: negative or fractional counts are left out", number(tag));
      }
      return null;
    }
    return whole;
  }

  /** The event a document is: its SSE event name, else its own {@code type} member. */
  final CharSequence eventName(CharSequence event) {
    return event != null ? event : text(TYPE);
  }

  /** Common to every format: an {@code error} member, or an event named "error" whose data is the error. */
  final void readError(CharSequence event) {
    if (present(ERROR)) {
      reportError(true);
    } else if (same(event, "error")) {
      reportError(false);
    }
  }

  /** Merges the document's staged choices; a streamed document with content is one chunk. */
  final void commitChoices(boolean streamed) {
    staged.mergeInto(response.choices());
    if (streamed && content) {
      response.chunk();
    }
  }

  /**
   * The choice an element describes: its own {@code index} member (read into {@code indexTag}), or
   * its position when it has none; -1 (ignored) when not an object or out of range.
   */
  final int choiceIndex(int elementTag, int indexTag, long position) {
    if (!isObject(elementTag)) {
      return -1;
    }
    long index = whole(indexTag, position);
    return index < 0 || index >= LlmResponse.MAX_CHOICES ? -1 : (int) index;
  }

  /**
   * The provider's error: from the {@code error} member when it is an object, else from the
   * document's own {@code type}/{@code status}/{@code code} (an error event whose data is the error).
   */
  final void reportError(boolean fromMember) {
    if (fromMember) {
      response.error(string(ERROR_TYPE), string(ERROR_STATUS), stringOrWhole(ERROR_CODE));
    } else {
      response.error(string(TYPE), string(STATUS), stringOrWhole(CODE));
    }
  }

  /** Registers the error member and its fields, under {@code prefix} ("" or "x."). */
  static void errorPaths(JsonSchema.Builder schema, String prefix) {
    schema.field(prefix + "error", ERROR, NAME)
        .field(prefix + "error.type", ERROR_TYPE, NAME)
        .field(prefix + "error.status", ERROR_STATUS, NAME)
        .field(prefix + "error.code", ERROR_CODE, NAME);
  }

  /** Registers OpenAI-style and Anthropic usage counts under {@code prefix} ("usage", "message.usage", ...). */
  static void usagePaths(JsonSchema.Builder schema, String prefix) {
    schema.field(prefix + ".prompt_tokens", PROMPT_TOKENS)
        .field(prefix + ".input_tokens", INPUT_TOKENS)
        .field(prefix + ".completion_tokens", COMPLETION_TOKENS)
        .field(prefix + ".output_tokens", OUTPUT_TOKENS)
        .field(prefix + ".prompt_tokens_details.cached_tokens", PROMPT_CACHED)
        .field(prefix + ".input_tokens_details.cached_tokens", INPUT_CACHED)
        .field(prefix + ".cache_read_input_tokens", CACHE_READ)
        .field(prefix + ".cache_creation_input_tokens", CACHE_CREATION)
        .field(prefix + ".completion_tokens_details.reasoning_tokens", COMPLETION_REASONING)
        .field(prefix + ".output_tokens_details.reasoning_tokens", OUTPUT_REASONING);
  }
}
