package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/** Anthropic Messages API: a message body, or the message_start ... message_stop event stream. */
final class AnthropicReader extends ResponseReader {
  private static final int STOP_REASON = FIRST_FORMAT_TAG;
  private static final int BLOCK = STOP_REASON + 1;
  private static final int BLOCK_TYPE = STOP_REASON + 2;
  private static final int BLOCK_TEXT = STOP_REASON + 3;
  private static final int START_TEXT = STOP_REASON + 4;
  private static final int DELTA_TEXT = STOP_REASON + 5;

  /** A body is the message; message_start holds it under "message"; deltas carry their own fields. */
  private static final JsonSchema SCHEMA = paths(JsonSchema.builder());

  AnthropicReader(LlmResponse response) {
    super(response);
  }

  private static JsonSchema paths(JsonSchema.Builder schema) {
    schema.field("", ROOT).field("type", TYPE, NAME).field("status", STATUS, NAME).field("code", CODE, NAME)
        .field("stop_reason", STOP_REASON, NAME).field("delta.stop_reason", STOP_REASON, NAME)
        .field("content[]", BLOCK).field("content[].type", BLOCK_TYPE, NAME)
        .field("content[].text", BLOCK_TEXT, JsonSchema.TEXT)
        .field("content_block.text", START_TEXT, JsonSchema.TEXT)
        .field("delta.text", DELTA_TEXT, JsonSchema.TEXT);
    for (String prefix : new String[] {"", "message."}) {
      schema.field(prefix + "id", ID, SHORT).field(prefix + "model", MODEL, SHORT);
      usagePaths(schema, prefix + "usage");
    }
    errorPaths(schema, "");
    return schema.build();
  }

  @Override
  JsonSchema schema() {
    return SCHEMA;
  }

  @Override
  protected void began(int tag, long index) {
    if (tag == BLOCK) {
      clear(BLOCK_TYPE, BLOCK_TEXT);
    }
  }

  @Override
  protected void ended(int tag, long index, long size) {
    // Only text blocks: thinking and tool_use blocks are not the answer's text.
    if (tag == BLOCK && is(BLOCK_TYPE, "text")) {
      staged.append(0, text(BLOCK_TEXT));
    }
  }

  @Override
  void commit(CharSequence event, boolean streamed) {
    CharSequence name = eventName(event);
    readError(name);
    if (!streamed) {
      response.identity(text(ID), text(MODEL));
      staged.finish(0, text(STOP_REASON));
      commitChoices(false);
      response.usage().read(this);
      return;
    }
    if (same(name, "message_start")) {
      response.identity(text(ID), text(MODEL));
      response.usage().read(this);
    } else if (same(name, "content_block_start")) {
      response.choices().append(0, text(START_TEXT));
    } else if (same(name, "content_block_delta")) {
      response.choices().append(0, text(DELTA_TEXT)); // text_delta; other deltas carry no text
      response.chunk();
    } else if (same(name, "message_delta")) {
      response.choices().finish(0, text(STOP_REASON));
      response.usage().read(this); // cumulative counts replace the message_start ones
    } else if (same(name, "message_stop")) {
      response.markCompleted();
    } // ping, content_block_stop; error was handled above
  }
}
