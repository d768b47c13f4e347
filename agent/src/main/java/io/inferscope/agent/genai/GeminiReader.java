package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonSchema;

/**
 * Gemini / Vertex AI GenerateContentResponse. A stream is a sequence of whole responses (as SSE
 * data or as elements of one JSON array, read element by element as the array streams by), each
 * with its own slice of text; usage comes last.
 */
final class GeminiReader extends ResponseReader {
  private static final int RESPONSE = FIRST_FORMAT_TAG;
  private static final int CANDIDATE = RESPONSE + 1;
  private static final int CANDIDATE_INDEX = RESPONSE + 2;
  private static final int FINISH = RESPONSE + 3;
  private static final int PART = RESPONSE + 4;
  private static final int PART_TEXT = RESPONSE + 5;
  private static final int THOUGHT = RESPONSE + 6;
  private static final int FUNCTION_CALL = RESPONSE + 7;

  private static final JsonSchema SCHEMA = paths();

  // Per candidate: the text of its parts so far, and whether any part was content.
  private final StringBuilder candidateText = new StringBuilder();
  private boolean candidateContent;

  GeminiReader(LlmResponse response) {
    super(response);
  }

  private static JsonSchema paths() {
    JsonSchema.Builder schema = JsonSchema.builder().field("", ROOT).field("[]", RESPONSE);
    for (String prefix : new String[] {"", "[]."}) {
      schema.field(prefix + "responseId", ID, SHORT).field(prefix + "modelVersion", MODEL, SHORT)
          .field(prefix + "usageMetadata.promptTokenCount", GEMINI_PROMPT)
          .field(prefix + "usageMetadata.cachedContentTokenCount", GEMINI_CACHED)
          .field(prefix + "usageMetadata.candidatesTokenCount", GEMINI_CANDIDATES)
          .field(prefix + "usageMetadata.thoughtsTokenCount", GEMINI_THOUGHTS)
          .field(prefix + "candidates[]", CANDIDATE)
          .field(prefix + "candidates[].index", CANDIDATE_INDEX)
          .field(prefix + "candidates[].finishReason", FINISH, NAME)
          .field(prefix + "candidates[].content.parts[]", PART)
          .field(prefix + "candidates[].content.parts[].text", PART_TEXT, JsonSchema.TEXT)
          .field(prefix + "candidates[].content.parts[].thought", THOUGHT)
          .field(prefix + "candidates[].content.parts[].functionCall", FUNCTION_CALL);
      errorPaths(schema, prefix);
    }
    return schema.build();
  }

  @Override
  JsonSchema schema() {
    return SCHEMA;
  }

  @Override
  boolean acceptsArrayRoot() {
    return true; // each element was read as it ended
  }

  @Override
  protected void began(int tag, long index) {
    if (tag == RESPONSE) {
      clear(ID, RESPONSE - 1); // everything but the root and this element: a new response of the array
      clear(RESPONSE + 1, FUNCTION_CALL);
    } else if (tag == CANDIDATE) {
      clear(CANDIDATE_INDEX, FUNCTION_CALL);
      candidateText.setLength(0);
      candidateContent = false;
    } else if (tag == PART) {
      clear(PART_TEXT, FUNCTION_CALL);
    }
  }

  @Override
  protected void ended(int tag, long index, long size) {
    if (tag == PART) {
      // Thought summaries are reasoning, not the answer.
      boolean thought = Boolean.TRUE.equals(bool(THOUGHT));
      CharSequence text = thought ? null : text(PART_TEXT);
      if (text != null) {
        candidateText.append(text);
      }
      candidateContent |= (!thought && nonEmpty(PART_TEXT)) || present(FUNCTION_CALL);
    } else if (tag == CANDIDATE) {
      int choice = choiceIndex(CANDIDATE, CANDIDATE_INDEX, index);
      if (choice >= 0) {
        staged.append(choice, candidateText);
        staged.finish(choice, text(FINISH));
        content |= candidateContent;
        if (text(FINISH) != null) {
          response.markCompleted(); // the stream has no end marker of its own; the last chunk carries this
        }
      }
    } else if (tag == RESPONSE) {
      if (isObject(RESPONSE)) {
        commit(null, true); // an element of a JSON-array stream is one chunk
      } else {
        response.markMalformed();
      }
      staged.clear();
      content = false;
    }
  }

  @Override
  void commit(CharSequence event, boolean streamed) {
    readError(event);
    response.identity(text(ID), text(MODEL));
    response.usage().readGemini(this);
    commitChoices(streamed);
  }
}
