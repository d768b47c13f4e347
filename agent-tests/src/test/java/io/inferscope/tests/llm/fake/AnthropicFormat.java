package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.FakeAnswer.ANTHROPIC_MESSAGE_ID;
import static io.inferscope.tests.llm.fake.FakeAnswer.ANTHROPIC_STOP_REASON;
import static io.inferscope.tests.llm.fake.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}). Its usage is split the way the real API
 * splits it: {@code input_tokens} excludes cache reads, and a stream reports output tokens twice,
 * provisionally in {@code message_start} and finally in {@code message_delta}.
 */
final class AnthropicFormat {
  private AnthropicFormat() {}

  static Reply messages(Call c) {
    if (c.flag("stream", false)) {
      return stream(c);
    }
    Map<String, Object> body = message(c, List.of(obj("type", "text", "text", c.text())), ANTHROPIC_STOP_REASON);
    if (c.reportsUsage()) {
      body.put("usage", usage(c.outputTokens()));
    }
    return Reply.json(body);
  }

  /**
   * message_start, content_block_start, ping, text deltas, content_block_stop, message_delta,
   * message_stop: the sequence the Anthropic SDKs' stream accumulators expect.
   */
  private static Reply stream(Call c) {
    List<byte[]> frames = new ArrayList<>();
    Map<String, Object> start = message(c, List.of(), null);
    if (c.reportsUsage()) {
      start.put("usage", usage(FakeAnswer.ANTHROPIC_START_OUTPUT_TOKENS));
    }
    frames.add(event("message_start", obj("message", start)));
    frames.add(event("content_block_start", obj("index", 0, "content_block", obj("type", "text", "text", ""))));
    frames.add(event("ping", obj()));
    for (String piece : c.pieces()) {
      frames.add(event("content_block_delta", obj("index", 0, "delta", obj("type", "text_delta", "text", piece))));
    }
    frames.add(event("content_block_stop", obj("index", 0)));
    Map<String, Object> delta = obj("delta", obj("stop_reason", ANTHROPIC_STOP_REASON, "stop_sequence", null));
    if (c.reportsUsage()) {
      delta.put("usage", obj("output_tokens", c.outputTokens()));
    }
    frames.add(event("message_delta", delta));
    frames.add(event("message_stop", obj()));
    return Reply.stream(Reply.EVENT_STREAM, frames);
  }

  private static byte[] event(String type, Map<String, Object> fields) {
    Map<String, Object> data = obj("type", type);
    data.putAll(fields);
    return Reply.sseEvent(type, data);
  }

  private static Map<String, Object> message(Call c, List<Object> content, String stopReason) {
    return obj("id", ANTHROPIC_MESSAGE_ID, "type", "message", "role", "assistant", "model", c.responseModel(),
        "content", content, "stop_reason", stopReason, "stop_sequence", null);
  }

  private static Map<String, Object> usage(int outputTokens) {
    return obj("input_tokens", FakeAnswer.INPUT_TOKENS, "output_tokens", outputTokens,
        "cache_read_input_tokens", FakeAnswer.CACHED_TOKENS,
        "cache_creation_input_tokens", FakeAnswer.CACHE_CREATION_TOKENS);
  }
}
