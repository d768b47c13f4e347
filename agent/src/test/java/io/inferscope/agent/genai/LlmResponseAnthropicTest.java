package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LlmResponseAnthropicTest {
  static final String STREAM = """
      event: message_start
      data: {"type":"message_start","message":{"id":"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY","type":"message","role":"assistant","content":[],"model":"claude-3-5-sonnet-20241022","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"cache_creation_input_tokens":0,"cache_read_input_tokens":10,"output_tokens":1}}}

      event: content_block_start
      data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

      event: ping
      data: {"type": "ping"}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":", 世界!"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":0}

      event: content_block_start
      data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather","input":{}}}

      event: content_block_delta
      data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"location\\": \\"San Fra"}}

      event: content_block_stop
      data: {"type":"content_block_stop","index":1}

      event: message_delta
      data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}

      event: message_stop
      data: {"type":"message_stop"}

      """;

  @Test
  void messageBodyAddsCacheTokensToInput() {
    LlmResponse r = Streams.body(AnthropicWire.MESSAGES, """
        {
          "id": "msg_01XFDUDYJgAACzvnptvVoYEL",
          "type": "message",
          "role": "assistant",
          "model": "claude-sonnet-4-20250514",
          "content": [
            {"type": "thinking", "thinking": "Let me think", "signature": "EqQBCgIYAh"},
            {"type": "text", "text": "Hello! "},
            {"type": "text", "text": "How can I help?"}
          ],
          "stop_reason": "end_turn",
          "stop_sequence": null,
          "usage": {"input_tokens": 12, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 2000, "output_tokens": 6,
                    "service_tier": "standard"}
        }
        """);
    assertEquals("msg_01XFDUDYJgAACzvnptvVoYEL", r.id());
    assertEquals("claude-sonnet-4-20250514", r.model());
    assertEquals(List.of("end_turn"), r.finishReasons());
    assertEquals(2112L, r.inputTokens(), "input_tokens + cache reads + cache writes");
    assertEquals(2000L, r.cacheReadInputTokens());
    assertEquals(100L, r.cacheCreationInputTokens());
    assertEquals(6L, r.outputTokens());
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello! How can I help?\"}],\"finish_reason\":\"end_turn\"}]",
        r.outputMessagesJson(100), "thinking blocks are not the answer");
  }

  @Test
  void inputWithoutCacheFieldsIsReportedAsIs() {
    LlmResponse r = Streams.body(AnthropicWire.MESSAGES, "{\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}");
    assertEquals(7L, r.inputTokens());
    assertNull(r.cacheReadInputTokens());
  }

  @Test
  void streamInEveryKindOfSplit() {
    for (int piece : new int[] {1, 2, 7, 4096, 0}) {
      LlmResponse r = Streams.sse(AnthropicWire.MESSAGES, STREAM, piece, 1000);
      assertFalse(r.malformed());
      assertTrue(r.completed());
      assertEquals("msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY", r.id());
      assertEquals("claude-3-5-sonnet-20241022", r.model());
      assertEquals(List.of("tool_use"), r.finishReasons());
      assertEquals(35L, r.inputTokens());
      assertEquals(15L, r.outputTokens(), "message_delta's cumulative count replaces message_start's");
      assertEquals(10L, r.cacheReadInputTokens());
      assertEquals(0L, r.cacheCreationInputTokens());
      assertEquals(3, r.chunks(), "two text deltas and one tool-input delta");
      assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello, 世界!\"}],\"finish_reason\":\"tool_use\"}]",
          r.outputMessagesJson(1000));
    }
  }

  @Test
  void streamWithCrlfAndNoEventLines() {
    String plain = STREAM.replaceAll("(?m)^event: .*\\n", "").replace("\n", "\r\n");
    LlmResponse r = Streams.sse(AnthropicWire.MESSAGES, plain, 1, 1000);
    assertEquals(List.of("tool_use"), r.finishReasons());
    assertEquals(35L, r.inputTokens());
    assertTrue(r.completed());
  }

  @Test
  void truncatedStreamIsNotCompleted() {
    String cut = STREAM.substring(0, STREAM.indexOf("event: message_delta"));
    LlmResponse r = Streams.sse(AnthropicWire.MESSAGES, cut, 3, 1000);
    assertFalse(r.completed());
    assertEquals(List.of(), r.finishReasons());
    assertEquals(1L, r.outputTokens(), "only message_start's placeholder count arrived");
  }

  @Test
  void errorEvent() {
    LlmResponse r = Streams.sse(AnthropicWire.MESSAGES, """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_x","model":"claude-3-haiku-20240307","usage":{"input_tokens":5,"output_tokens":1}}}

        event: error
        data: {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}

        """, 1, 100);
    assertEquals("overloaded_error", r.errorType());
    assertFalse(r.completed());
    assertEquals("msg_x", r.id());
    LlmResponse body = Streams.body(AnthropicWire.MESSAGES,
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: Field required\"},\"request_id\":\"req_1\"}");
    assertEquals("invalid_request_error", body.errorType());
  }
}
