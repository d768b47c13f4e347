package io.inferscope.agent.genai;

import java.util.List;

/** Anthropic Messages API: a message body, or the message_start ... message_stop event stream. */
final class AnthropicReader {
  private AnthropicReader() {}

  static void read(LlmResponse r, Object root, String event, boolean streamed) {
    if (!streamed) {
      r.identity(Json.string(root, "id"), Json.string(root, "model"));
      r.choices().finish(0, Json.string(root, "stop_reason"));
      List<Object> content = Json.list(root, "content");
      for (int i = 0; content != null && i < content.size(); i++) {
        // Only text blocks: thinking and tool_use blocks are not the answer's text.
        if ("text".equals(Json.string(content.get(i), "type"))) {
          r.choices().append(0, Json.string(content.get(i), "text"));
        }
      }
      r.usage().read(Json.map(root, "usage"));
      return;
    }
    if (event == null) {
      return;
    }
    switch (event) {
      case "message_start":
        r.identity(Json.string(root, "message", "id"), Json.string(root, "message", "model"));
        r.usage().read(Json.map(root, "message", "usage"));
        break;
      case "content_block_start":
        r.choices().append(0, Json.string(root, "content_block", "text"));
        break;
      case "content_block_delta":
        r.choices().append(0, Json.string(root, "delta", "text")); // text_delta; other deltas carry no text
        r.chunk();
        break;
      case "message_delta":
        r.choices().finish(0, Json.string(root, "delta", "stop_reason"));
        r.usage().read(Json.map(root, "usage")); // cumulative counts replace the message_start ones
        break;
      case "message_stop":
        r.markCompleted();
        break;
      default: // ping, content_block_stop; error was handled by the caller
    }
  }
}
