package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * Amazon Titan text's InvokeModel answer: {@code inputTextTokenCount}, and per result its
 * {@code outputText}, {@code tokenCount} (summed over results) and {@code completionReason}. A
 * streamed chunk (decoded by {@link BedrockInvokeStream}) has the same members at its root.
 */
final class BedrockTitanReader extends ResponseReader {
  private static final int RESULT = FIRST_FORMAT_TAG;
  private static final int RESULT_TEXT = RESULT + 1;
  private static final int RESULT_TOKENS = RESULT + 2;
  private static final int RESULT_REASON = RESULT + 3;
  private static final int CHUNK_TEXT = RESULT + 4;
  private static final int CHUNK_REASON = RESULT + 5;
  private static final int CHUNK_TOKENS = RESULT + 6;

  private static final JsonSchema SCHEMA = JsonSchema.builder().field("", ROOT)
      .field("inputTextTokenCount", INPUT_TOKENS)
      .field("results[]", RESULT)
      .field("results[].outputText", RESULT_TEXT, JsonSchema.TEXT)
      .field("results[].tokenCount", RESULT_TOKENS)
      .field("results[].completionReason", RESULT_REASON, NAME)
      .field("outputText", CHUNK_TEXT, JsonSchema.TEXT)
      .field("completionReason", CHUNK_REASON, NAME)
      .field("totalOutputTextTokenCount", CHUNK_TOKENS)
      .build();

  private long outputTokens;
  private boolean anyOutputTokens;

  BedrockTitanReader(LlmResponse response) {
    super(response);
  }

  @Override
  JsonSchema schema() {
    return SCHEMA;
  }

  @Override
  protected void began(int tag, long index) {
    if (tag == RESULT) {
      clear(RESULT_TEXT, RESULT_REASON);
    }
  }

  @Override
  protected void ended(int tag, long index, long size) {
    if (tag == RESULT && index >= 0 && index < LlmResponse.MAX_CHOICES) {
      staged.append((int) index, text(RESULT_TEXT));
      staged.finish((int) index, text(RESULT_REASON));
      Long tokens = tokenCount(RESULT_TOKENS);
      if (tokens != null) {
        outputTokens += tokens;
        anyOutputTokens = true;
      }
    }
  }

  @Override
  void commit(CharSequence event, boolean streamed) {
    Long input = tokenCount(INPUT_TOKENS);
    if (streamed) {
      response.choices().append(0, text(CHUNK_TEXT));
      if (nonEmpty(CHUNK_TEXT)) {
        response.chunk();
      }
      if (text(CHUNK_REASON) != null) {
        response.choices().finish(0, text(CHUNK_REASON));
        response.markCompleted();
      }
      Long total = tokenCount(CHUNK_TOKENS);
      response.usage().set(input, total);
      return;
    }
    commitChoices(false);
    response.usage().set(input, anyOutputTokens ? outputTokens : null);
  }
}
