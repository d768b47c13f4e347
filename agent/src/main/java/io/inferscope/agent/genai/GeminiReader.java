package io.inferscope.agent.genai;

import java.util.List;

/**
 * Gemini / Vertex AI GenerateContentResponse. A stream is a sequence of whole responses (as SSE
 * data or as elements of one JSON array), each with its own slice of text; usage comes last.
 */
final class GeminiReader {
  private GeminiReader() {}

  static void read(LlmResponse r, Object root, boolean streamed) {
    Object error = Json.at(root, "error");
    if (error != null) {
      r.error(error); // also reached for elements of a JSON-array stream
    }
    r.identity(Json.string(root, "responseId"), Json.string(root, "modelVersion"));
    r.usage().readGemini(Json.map(root, "usageMetadata"));
    List<Object> candidates = Json.list(root, "candidates");
    boolean content = false;
    for (int i = 0; candidates != null && i < candidates.size(); i++) {
      Object c = candidates.get(i);
      int index = LlmResponse.index(c, i);
      List<Object> parts = Json.list(c, "content", "parts");
      r.choices().append(index, null);
      for (int j = 0; parts != null && j < parts.size(); j++) {
        Object part = parts.get(j);
        // Thought summaries are reasoning, not the answer.
        String text = Boolean.TRUE.equals(Json.bool(part, "thought")) ? null : Json.string(part, "text");
        r.choices().append(index, text);
        content |= (text != null && !text.isEmpty()) || Json.at(part, "functionCall") != null;
      }
      String finish = Json.string(c, "finishReason");
      r.choices().finish(index, finish);
      if (finish != null) {
        r.markCompleted(); // the stream has no end marker of its own; the last chunk carries this
      }
    }
    if (streamed && content) {
      r.chunk();
    }
  }
}
