package io.inferscope.agent.genai;

import io.inferscope.agent.genai.LlmEndpoint.Api;

/** Ollama's native API: /api/chat, /api/generate (a body or NDJSON lines), /api/embed(dings). */
final class OllamaReader {
  private OllamaReader() {}

  static void read(LlmResponse r, Object root, boolean streamed) {
    r.identity(null, Json.string(root, "model"));
    if (r.api() == Api.OLLAMA_EMBED) {
      r.usage().set(Json.longValue(root, "prompt_eval_count"), null);
      Object vector = Json.at(root, "embeddings", 0); // /api/embed
      r.dimension(vector != null ? vector : Json.at(root, "embedding")); // legacy /api/embeddings
      return;
    }
    r.usage().set(Json.longValue(root, "prompt_eval_count"), Json.longValue(root, "eval_count"));
    String text = r.api() == Api.OLLAMA_CHAT ? Json.string(root, "message", "content") : Json.string(root, "response");
    if (text != null || Json.at(root, "done") != null) {
      r.choices().append(0, text); // an error line alone does not make an (empty) answer
    }
    if (streamed && ((text != null && !text.isEmpty()) || Json.at(root, "message", "tool_calls") != null)) {
      r.chunk();
    }
    r.choices().finish(0, Json.string(root, "done_reason"));
    if (Boolean.TRUE.equals(Json.bool(root, "done"))) {
      r.markCompleted();
    }
  }
}
