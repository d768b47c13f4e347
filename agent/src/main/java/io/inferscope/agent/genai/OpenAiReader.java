package io.inferscope.agent.genai;

import io.inferscope.agent.genai.LlmEndpoint.Api;
import java.util.List;

/**
 * OpenAI wire formats (and everything compatible): chat completions, legacy completions,
 * embeddings, and the Responses API, as bodies or as stream events.
 */
final class OpenAiReader {
  private OpenAiReader() {}

  static void read(LlmResponse r, Object root, String event, boolean streamed) {
    switch (r.api()) {
      case OPENAI_EMBEDDINGS:
        r.identity(null, Json.string(root, "model"));
        r.usage().read(Json.map(root, "usage"));
        r.dimension(Json.at(root, "data", 0, "embedding"));
        break;
      case OPENAI_RESPONSES:
        if (streamed) {
          responsesEvent(r, root, event);
        } else {
          responseObject(r, root, true);
        }
        break;
      default:
        choices(r, root, streamed);
    }
  }

  /**
   * Chat and completions: a body, or one stream chunk. A streamed chunk carries deltas, the finish
   * reason on the last content chunk and, with include_usage, a final chunk with usage and no choices.
   */
  private static void choices(LlmResponse r, Object root, boolean streamed) {
    r.identity(Json.string(root, "id"), Json.string(root, "model"));
    r.usage().read(Json.map(root, "usage"));
    List<Object> list = Json.list(root, "choices");
    boolean content = false;
    for (int i = 0; list != null && i < list.size(); i++) {
      Object c = list.get(i);
      int index = LlmResponse.index(c, i);
      String text = r.api() == Api.OPENAI_COMPLETIONS ? Json.string(c, "text")
          : Json.string(c, streamed ? "delta" : "message", "content");
      r.choices().append(index, text);
      r.choices().finish(index, Json.string(c, "finish_reason"));
      content |= (text != null && !text.isEmpty())
          || (streamed && (Json.at(c, "delta", "tool_calls") != null
              || nonEmpty(Json.string(c, "delta", "reasoning_content"))
              || nonEmpty(Json.string(c, "delta", "refusal"))));
    }
    if (streamed && content) {
      r.chunk();
    }
  }

  /** Responses API stream events, named by the SSE event field (or, without one, the data's type). */
  private static void responsesEvent(LlmResponse r, Object root, String event) {
    if (event == null) {
      return;
    }
    if (event.endsWith(".delta")) {
      if (event.equals("response.output_text.delta")) {
        r.choices().append(0, Json.string(root, "delta"));
      }
      r.chunk(); // text, refusal, function-call arguments, reasoning: all content the model produced
    } else if (event.equals("response.completed") || event.equals("response.incomplete") || event.equals("response.failed")) {
      r.markCompleted();
      responseObject(r, Json.map(root, "response"), false);
    } else if (event.equals("response.created") || event.equals("response.in_progress")) {
      responseObject(r, Json.map(root, "response"), false);
    }
  }

  /**
   * A Responses API response object. In a stream, its text was already taken from the deltas. The
   * finish reason is "stop" when completed, else incomplete_details.reason, else the status itself.
   */
  private static void responseObject(LlmResponse r, Object response, boolean takeText) {
    if (response == null) {
      return;
    }
    r.identity(Json.string(response, "id"), Json.string(response, "model"));
    r.usage().read(Json.map(response, "usage"));
    Object error = Json.at(response, "error");
    if (error != null) {
      r.error(error);
    }
    String status = Json.string(response, "status");
    if ("completed".equals(status)) {
      r.choices().finish(0, "stop");
    } else if (status != null && !status.equals("in_progress") && !status.equals("queued")) {
      String reason = Json.string(response, "incomplete_details", "reason");
      r.choices().finish(0, reason != null ? reason : status);
    }
    List<Object> output = takeText ? Json.list(response, "output") : null;
    for (int i = 0; output != null && i < output.size(); i++) {
      Object item = output.get(i);
      List<Object> content = "message".equals(Json.string(item, "type")) ? Json.list(item, "content") : null;
      for (int j = 0; content != null && j < content.size(); j++) {
        if ("output_text".equals(Json.string(content.get(j), "type"))) {
          r.choices().append(0, Json.string(content.get(j), "text"));
        }
      }
    }
  }

  private static boolean nonEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
