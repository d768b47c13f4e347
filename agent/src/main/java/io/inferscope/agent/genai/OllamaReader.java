package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/** Ollama's native API: /api/chat, /api/generate (a body or NDJSON lines), /api/embed(dings). */
final class OllamaReader extends ResponseReader {
  private static final int CHAT_TEXT = FIRST_FORMAT_TAG;
  private static final int GENERATE_TEXT = CHAT_TEXT + 1;
  private static final int TOOL_CALLS = CHAT_TEXT + 2;
  private static final int DONE = CHAT_TEXT + 3;
  private static final int DONE_REASON = CHAT_TEXT + 4;
  private static final int EMBEDDING_ROW = CHAT_TEXT + 5;
  private static final int EMBEDDING = CHAT_TEXT + 6;

  private static final JsonSchema SCHEMA = paths();

  private static JsonSchema paths() {
    JsonSchema.Builder schema = JsonSchema.builder().field("", ROOT).field("model", MODEL, SHORT)
      .field("prompt_eval_count", OLLAMA_PROMPT).field("eval_count", OLLAMA_EVAL)
      .field("message.content", CHAT_TEXT, JsonSchema.TEXT).field("response", GENERATE_TEXT, JsonSchema.TEXT)
      .field("message.tool_calls", TOOL_CALLS).field("done", DONE).field("done_reason", DONE_REASON, NAME)
      .field("embeddings[]", EMBEDDING_ROW).field("embedding", EMBEDDING);
    errorPaths(schema, "");
    return schema.build();
  }

  /** Per document: the length of the first vector of /api/embed, -1 until seen. */
  private long firstRow = -1;

  OllamaReader(LlmResponse response) {
    super(response);
  }

  @Override
  JsonSchema schema() {
    return SCHEMA;
  }

  @Override
  void discard() {
    super.discard();
    firstRow = -1;
  }

  @Override
  protected void ended(int tag, long index, long size) {
    if (tag == EMBEDDING_ROW && index == 0 && isArray(EMBEDDING_ROW)) {
      firstRow = size;
    }
  }

  @Override
  void commit(CharSequence event, boolean streamed) {
    readError(event);
    response.identity(null, text(MODEL));
    if (response.api() == OllamaWire.EMBED) {
      response.usage().readOllama(this, false);
      if (firstRow >= 0) {
        response.dimension(firstRow); // /api/embed
      } else if (isArray(EMBEDDING)) {
        response.dimension(length(EMBEDDING)); // legacy /api/embeddings
      }
      return;
    }
    response.usage().readOllama(this, true);
    int textTag = response.api() == OllamaWire.CHAT ? CHAT_TEXT : GENERATE_TEXT;
    CharSequence text = text(textTag);
    if (text != null || present(DONE)) {
      response.choices().append(0, text); // an error line alone does not make an (empty) answer
    }
    content = nonEmpty(textTag) || present(TOOL_CALLS);
    if (streamed && content) {
      response.chunk();
    }
    response.choices().finish(0, text(DONE_REASON));
    if (Boolean.TRUE.equals(bool(DONE))) {
      response.markCompleted();
    }
  }
}
