package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * Bedrock Converse: a body ({@code output.message.content[].text}, {@code stopReason},
 * {@code usage.inputTokens/outputTokens/cacheReadInputTokens/cacheWriteInputTokens}), also Amazon
 * Nova's InvokeModel answer, or ConverseStream's events named by the event stream: messageStart,
 * contentBlockStart, contentBlockDelta ({@code delta.text}), contentBlockStop, messageStop
 * ({@code stopReason}, the stream's end of content) and metadata ({@code usage}, the last event).
 * Converse answers carry neither an id nor a model.
 */
final class BedrockConverseReader extends ResponseReader {
  private static final int STOP_REASON = FIRST_FORMAT_TAG;
  private static final int BLOCK = STOP_REASON + 1;
  private static final int BLOCK_TEXT = STOP_REASON + 2;
  private static final int DELTA_TEXT = STOP_REASON + 3;
  private static final int DELTA_TOOL = STOP_REASON + 4;
  private static final int DELTA_REASONING = STOP_REASON + 5;

  private static final JsonSchema SCHEMA = paths();

  BedrockConverseReader(LlmResponse response) {
    super(response);
  }

  private static JsonSchema paths() {
    JsonSchema.Builder schema = JsonSchema.builder().field("", ROOT)
        .field("stopReason", STOP_REASON, NAME)
        .field("output.message.content[]", BLOCK)
        .field("output.message.content[].text", BLOCK_TEXT, JsonSchema.TEXT)
        .field("delta.text", DELTA_TEXT, JsonSchema.TEXT)
        .field("delta.toolUse", DELTA_TOOL)
        .field("delta.reasoningContent", DELTA_REASONING)
        .field("usage.inputTokens", INPUT_TOKENS)
        .field("usage.outputTokens", OUTPUT_TOKENS)
        .field("usage.cacheReadInputTokens", CACHE_READ)
        .field("usage.cacheWriteInputTokens", CACHE_CREATION);
    return schema.build();
  }

  @Override
  JsonSchema schema() {
    return SCHEMA;
  }

  @Override
  protected void began(int tag, long index) {
    if (tag == BLOCK) {
      clear(BLOCK_TEXT, BLOCK_TEXT);
    }
  }

  @Override
  protected void ended(int tag, long index, long size) {
    if (tag == BLOCK) {
      staged.append(0, text(BLOCK_TEXT)); // text blocks; tool use and reasoning blocks have none
    }
  }

  @Override
  void commit(CharSequence event, boolean streamed) {
    if (!streamed) {
      staged.finish(0, text(STOP_REASON));
      commitChoices(false);
      response.usage().read(this);
      return;
    }
    if (same(event, "contentBlockDelta")) {
      response.choices().append(0, text(DELTA_TEXT));
      if (nonEmpty(DELTA_TEXT) || present(DELTA_TOOL) || present(DELTA_REASONING)) {
        response.chunk();
      }
    } else if (same(event, "messageStop")) {
      response.choices().finish(0, text(STOP_REASON));
      response.markCompleted(); // all content is in; the metadata event with usage follows
    } else if (same(event, "metadata")) {
      response.usage().read(this);
      response.markCompleted();
    } // messageStart, contentBlockStart/Stop: nothing to read; exceptions were reported by the framing
  }
}
