package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * Gemini and Vertex AI embeddings: {@code {embeddings: [{values}]}} ({@code :batchEmbedContents}),
 * {@code {embedding: {values}, usageMetadata}} ({@code :embedContent}) and Vertex AI's
 * {@code {predictions: [{embeddings: {values, statistics: {token_count}}}]}} ({@code :predict}), whose
 * input tokens are counted per instance and added up here. The Gemini API's batch answer reports no usage.
 */
final class GeminiEmbedReader extends ResponseReader {
  private static final int BATCH_VALUES = FIRST_FORMAT_TAG;
  private static final int SINGLE_VALUES = BATCH_VALUES + 1;
  private static final int PREDICTION = BATCH_VALUES + 2;
  private static final int PREDICTION_VALUES = BATCH_VALUES + 3;
  private static final int PREDICTION_TOKENS = BATCH_VALUES + 4;

  private static final JsonSchema SCHEMA = paths();

  private static JsonSchema paths() {
    JsonSchema.Builder schema = JsonSchema.builder().field("", ROOT)
        .field("embeddings[].values", BATCH_VALUES).field("embedding.values", SINGLE_VALUES)
        .field("predictions[]", PREDICTION).field("predictions[].embeddings.values", PREDICTION_VALUES)
        .field("predictions[].embeddings.statistics.token_count", PREDICTION_TOKENS)
        .field("usageMetadata.promptTokenCount", GEMINI_PROMPT);
    errorPaths(schema, "");
    return schema.build();
  }

  // Per document: the length of a vector (all have the same), and Vertex AI's token counts added up.
  private long dimension = -1;
  private Long predictionTokens;

  GeminiEmbedReader(LlmResponse response) {
    super(response);
  }

  @Override
  JsonSchema schema() {
    return SCHEMA;
  }

  @Override
  void discard() {
    super.discard();
    dimension = -1;
    predictionTokens = null;
  }

  @Override
  protected void ended(int tag, long index, long size) {
    if ((tag == BATCH_VALUES || tag == SINGLE_VALUES || tag == PREDICTION_VALUES) && dimension < 0 && isArray(tag)) {
      dimension = size;
    } else if (tag == PREDICTION) {
      Long tokens = tokenCount(PREDICTION_TOKENS);
      if (tokens != null) {
        predictionTokens = predictionTokens == null ? tokens : predictionTokens + tokens;
      }
      clear(PREDICTION_TOKENS, PREDICTION_TOKENS);
    }
  }

  @Override
  void commit(CharSequence event, boolean streamed) {
    readError(event);
    response.usage().readGemini(this);
    response.usage().readInput(predictionTokens);
    if (dimension >= 0) {
      response.dimension(dimension);
    }
  }
}
