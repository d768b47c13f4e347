package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * OpenAI wire formats (and everything compatible): chat completions, legacy completions,
 * embeddings, and the Responses API, as bodies or as stream events.
 */
final class OpenAiReader extends ResponseReader {
  private static final int CHOICE = FIRST_FORMAT_TAG;
  private static final int CHOICE_INDEX = CHOICE + 1;
  private static final int FINISH = CHOICE + 2;
  private static final int MESSAGE_CONTENT = CHOICE + 3;
  private static final int DELTA_CONTENT = CHOICE + 4;
  private static final int COMPLETION_TEXT = CHOICE + 5;
  private static final int TOOL_CALLS = CHOICE + 6;
  private static final int REASONING = CHOICE + 7;
  private static final int REFUSAL = CHOICE + 8;
  private static final int EMBEDDING_ITEM = CHOICE + 9;
  private static final int EMBEDDING = CHOICE + 10;
  private static final int DELTA = CHOICE + 11;
  private static final int RESPONSE = CHOICE + 12;
  private static final int RESPONSE_STATUS = CHOICE + 13;
  private static final int INCOMPLETE_REASON = CHOICE + 14;
  private static final int ITEM = CHOICE + 15;
  private static final int ITEM_TYPE = CHOICE + 16;
  private static final int PART = CHOICE + 17;
  private static final int PART_TYPE = CHOICE + 18;
  private static final int PART_TEXT = CHOICE + 19;

  private static final JsonSchema NONE = JsonSchema.builder().field("", ROOT).build();
  private static final JsonSchema CHOICES = choices();
  private static final JsonSchema EMBEDDINGS = embeddings();
  private static final JsonSchema RESPONSES = responses();

  private final WireFormat api;
  // Per document: what an embeddings body says of its first vector, and a Responses message's text.
  private long dimension = -1;
  private final StringBuilder itemText = new StringBuilder();

  OpenAiReader(LlmResponse response, WireFormat api) {
    super(response);
    this.api = api;
  }

  private static JsonSchema choices() {
    JsonSchema.Builder schema = JsonSchema.builder().field("", ROOT).field("id", ID, SHORT).field("model", MODEL, SHORT)
        .field("type", TYPE, NAME).field("status", STATUS, NAME).field("code", CODE, NAME)
        .field("choices[]", CHOICE)
        .field("choices[].index", CHOICE_INDEX)
        .field("choices[].finish_reason", FINISH, NAME)
        .field("choices[].message.content", MESSAGE_CONTENT, JsonSchema.TEXT)
        .field("choices[].delta.content", DELTA_CONTENT, JsonSchema.TEXT)
        .field("choices[].text", COMPLETION_TEXT, JsonSchema.TEXT)
        .field("choices[].delta.tool_calls", TOOL_CALLS)
        .field("choices[].delta.reasoning_content", REASONING)
        .field("choices[].delta.refusal", REFUSAL);
    errorPaths(schema, "");
    usagePaths(schema, "usage");
    return schema.build();
  }

  private static JsonSchema embeddings() {
    JsonSchema.Builder schema = JsonSchema.builder().field("", ROOT).field("model", MODEL, SHORT)
        .field("type", TYPE, NAME).field("status", STATUS, NAME).field("code", CODE, NAME)
        .field("data[]", EMBEDDING_ITEM).field("data[].embedding", EMBEDDING);
    errorPaths(schema, "");
    usagePaths(schema, "usage");
    return schema.build();
  }

  /** Stream events hold the response object under "response"; a body is the response object itself. */
  private static JsonSchema responses() {
    JsonSchema.Builder schema = JsonSchema.builder().field("", ROOT).field("type", TYPE, NAME).field("code", CODE, NAME)
        .field("delta", DELTA, JsonSchema.TEXT).field("response", RESPONSE)
        .field("output[]", ITEM).field("output[].type", ITEM_TYPE, NAME)
        .field("output[].content[]", PART).field("output[].content[].type", PART_TYPE, NAME)
        .field("output[].content[].text", PART_TEXT, JsonSchema.TEXT);
    for (String prefix : new String[] {"", "response."}) {
      schema.field(prefix + "id", ID, SHORT).field(prefix + "model", MODEL, SHORT)
          .field(prefix + "status", RESPONSE_STATUS, NAME)
          .field(prefix + "incomplete_details.reason", INCOMPLETE_REASON, NAME);
      errorPaths(schema, prefix);
      usagePaths(schema, prefix + "usage");
    }
    return schema.build();
  }

  @Override
  JsonSchema schema() {
    if (api == null) {
      return NONE;
    }
    return api == OpenAiWire.EMBEDDINGS ? EMBEDDINGS : api == OpenAiWire.RESPONSES ? RESPONSES : CHOICES;
  }

  @Override
  void discard() {
    super.discard();
    dimension = -1;
    itemText.setLength(0);
  }

  @Override
  protected void began(int tag, long index) {
    if (tag == CHOICE) {
      clear(CHOICE_INDEX, REFUSAL);
    } else if (tag == ITEM) {
      clear(ITEM_TYPE, PART_TEXT);
      itemText.setLength(0);
    } else if (tag == PART) {
      clear(PART_TYPE, PART_TEXT);
    }
  }

  @Override
  protected void ended(int tag, long index, long size) {
    switch (tag) {
      case CHOICE -> choiceEnded(index);
      case EMBEDDING_ITEM -> {
        if (index == 0 && (isArray(EMBEDDING) || text(EMBEDDING) != null)) {
          // A float vector's length, or for a base64 vector (encoding_format=base64) its float32 count:
          // 3 bytes per 4 chars, 4 bytes per float (the padding never changes the count).
          dimension = isArray(EMBEDDING) ? length(EMBEDDING) : length(EMBEDDING) / 4 * 3 / 4;
        }
      }
      case PART -> {
        if (is(PART_TYPE, "output_text") && text(PART_TEXT) != null) {
          itemText.append(text(PART_TEXT));
        }
      }
      case ITEM -> {
        if (is(ITEM_TYPE, "message")) {
          staged.append(0, itemText);
        }
      }
      default -> { }
    }
  }

  /**
   * A chat or completion choice: a body's message, or a stream chunk's delta (which also carries the
   * finish reason on the last content chunk; with include_usage a final chunk has usage and no choices).
   */
  private void choiceEnded(long position) {
    int index = choiceIndex(CHOICE, CHOICE_INDEX, position);
    if (index < 0) {
      return;
    }
    int textTag = api == OpenAiWire.COMPLETIONS ? COMPLETION_TEXT : inStream() ? DELTA_CONTENT : MESSAGE_CONTENT;
    staged.append(index, text(textTag));
    staged.finish(index, text(FINISH));
    content |= nonEmpty(textTag)
        || (inStream() && (present(TOOL_CALLS) || nonEmpty(REASONING) || nonEmpty(REFUSAL)));
  }

  @Override
  void commit(CharSequence event, boolean streamed) {
    CharSequence name = eventName(event);
    readError(name);
    if (api == null) {
      return;
    }
    if (api == OpenAiWire.EMBEDDINGS) {
      response.identity(null, text(MODEL));
      response.usage().read(this);
      if (dimension >= 0) {
        response.dimension(dimension);
      }
    } else if (api == OpenAiWire.RESPONSES) {
      if (streamed) {
        responsesEvent(name);
      } else {
        responseObject();
        commitChoices(false);
      }
    } else {
      response.identity(text(ID), text(MODEL));
      response.usage().read(this);
      commitChoices(streamed);
    }
  }

  /** A Responses API stream event, named by the SSE event field (or, without one, the data's type). */
  private void responsesEvent(CharSequence event) {
    if (event == null) {
      return;
    }
    if (endsWith(event, ".delta")) {
      if (same(event, "response.output_text.delta")) {
        response.choices().append(0, text(DELTA));
      }
      response.chunk(); // text, refusal, function-call arguments, reasoning: all content the model produced
    } else if (same(event, "response.completed") || same(event, "response.incomplete") || same(event, "response.failed")) {
      response.markCompleted();
      if (isObject(RESPONSE)) {
        responseObject();
      }
    } else if ((same(event, "response.created") || same(event, "response.in_progress")) && isObject(RESPONSE)) {
      responseObject();
    }
  }

  /**
   * A Responses API response object. The finish reason is "stop" when completed, else
   * incomplete_details.reason, else the status itself.
   */
  private void responseObject() {
    response.identity(text(ID), text(MODEL));
    response.usage().read(this);
    if (present(ERROR)) {
      reportError(true);
    }
    CharSequence status = text(RESPONSE_STATUS);
    if (is(RESPONSE_STATUS, "completed")) {
      response.choices().finish(0, "stop");
    } else if (status != null && !is(RESPONSE_STATUS, "in_progress") && !is(RESPONSE_STATUS, "queued")) {
      CharSequence reason = text(INCOMPLETE_REASON);
      response.choices().finish(0, reason != null ? reason : status);
    }
  }
}
