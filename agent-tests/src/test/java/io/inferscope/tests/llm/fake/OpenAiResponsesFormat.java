package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.FakeAnswer.RESPONSE_OUTPUT_ITEM_ID;
import static io.inferscope.tests.llm.fake.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's Responses API ({@code POST /v1/responses}). openai-java 4.x treats many fields of
 * {@code Response} as required (error, incomplete_details, instructions, metadata, tool_choice,
 * tools, parallel_tool_calls, temperature, top_p), and picks stream event classes by best match, so
 * every event carries all of its required fields, {@code logprobs} included.
 */
final class OpenAiResponsesFormat {
  private OpenAiResponsesFormat() {}

  static Reply respond(Call c) {
    if (c.flag("stream", false)) {
      return stream(c);
    }
    List<Object> output = List.of(message("completed", List.of(outputText(c.text()))));
    return Reply.json(response(c, FakeAnswer.RESPONSES_STATUS, output, c.reportsUsage()));
  }

  /**
   * created, in_progress, output_item.added, content_part.added, the text deltas, output_text.done,
   * content_part.done, output_item.done, completed: the order OpenAI sends for a text answer.
   */
  private static Reply stream(Call c) {
    Events events = new Events();
    events.add("response.created", obj("response", response(c, "in_progress", List.of(), false)));
    events.add("response.in_progress", obj("response", response(c, "in_progress", List.of(), false)));
    events.add("response.output_item.added", obj("output_index", 0, "item", message("in_progress", List.of())));
    events.add("response.content_part.added", obj("item_id", RESPONSE_OUTPUT_ITEM_ID, "output_index", 0,
        "content_index", 0, "part", outputText("")));
    for (String piece : c.pieces()) {
      events.add("response.output_text.delta", obj("item_id", RESPONSE_OUTPUT_ITEM_ID, "output_index", 0,
          "content_index", 0, "delta", piece, "logprobs", List.of()));
    }
    events.add("response.output_text.done", obj("item_id", RESPONSE_OUTPUT_ITEM_ID, "output_index", 0,
        "content_index", 0, "text", c.text(), "logprobs", List.of()));
    events.add("response.content_part.done", obj("item_id", RESPONSE_OUTPUT_ITEM_ID, "output_index", 0,
        "content_index", 0, "part", outputText(c.text())));
    Map<String, Object> done = message("completed", List.of(outputText(c.text())));
    events.add("response.output_item.done", obj("output_index", 0, "item", done));
    events.add("response.completed",
        obj("response", response(c, FakeAnswer.RESPONSES_STATUS, List.of(done), c.reportsUsage())));
    return Reply.stream(Reply.EVENT_STREAM, events.frames);
  }

  /** Numbers the events: each data object starts with its {@code type} and {@code sequence_number}. */
  private static final class Events {
    final List<byte[]> frames = new ArrayList<>();

    void add(String type, Map<String, Object> fields) {
      Map<String, Object> data = obj("type", type, "sequence_number", frames.size());
      data.putAll(fields);
      frames.add(Reply.sseEvent(type, data));
    }
  }

  private static Map<String, Object> response(Call c, String status, List<Object> output, boolean withUsage) {
    Map<String, Object> r = obj("id", FakeAnswer.RESPONSE_ID, "object", "response", "created_at", FakeAnswer.CREATED,
        "status", status, "background", false, "error", null, "incomplete_details", null,
        "instructions", c.body().get("instructions"), "max_output_tokens", null, "metadata", obj(),
        "model", c.responseModel(), "output", output, "parallel_tool_calls", true, "previous_response_id", null,
        "reasoning", obj("effort", null, "summary", null), "service_tier", "default", "store", true,
        "temperature", 1.0, "text", obj("format", obj("type", "text")), "tool_choice", "auto",
        "tools", List.of(), "top_p", 1.0, "truncation", "disabled");
    r.put("usage", withUsage ? usage(c) : null);
    r.put("user", null);
    return r;
  }

  private static Map<String, Object> message(String status, List<Object> content) {
    return obj("id", RESPONSE_OUTPUT_ITEM_ID, "type", "message", "status", status, "role", "assistant",
        "content", content);
  }

  private static Map<String, Object> outputText(String text) {
    return obj("type", "output_text", "text", text, "annotations", List.of(), "logprobs", List.of());
  }

  private static Map<String, Object> usage(Call c) {
    int output = c.outputTokens();
    return obj("input_tokens", FakeAnswer.INPUT_TOKENS,
        // openai-java 4.101 reads cache_write_tokens as required.
        "input_tokens_details", obj("cached_tokens", FakeAnswer.CACHED_TOKENS, "cache_write_tokens", 0),
        "output_tokens", output,
        "output_tokens_details", obj("reasoning_tokens", FakeAnswer.REASONING_TOKENS),
        "total_tokens", FakeAnswer.INPUT_TOKENS + output);
  }
}
