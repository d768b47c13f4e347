package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlmResponseOpenAiTest {
  static final String CHAT_BODY = """
      {
        "id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG",
        "object": "chat.completion",
        "created": 1741570283,
        "model": "gpt-4o-2024-08-06",
        "choices": [
          {
            "index": 0,
            "message": {"role": "assistant", "content": "The image shows a wooden boardwalk.", "refusal": null, "annotations": []},
            "logprobs": null,
            "finish_reason": "stop"
          },
          {
            "index": 1,
            "message": {"role": "assistant", "content": "A path through", "refusal": null, "annotations": []},
            "logprobs": null,
            "finish_reason": "length"
          }
        ],
        "usage": {
          "prompt_tokens": 1117,
          "completion_tokens": 46,
          "total_tokens": 1163,
          "prompt_tokens_details": {"cached_tokens": 1024, "audio_tokens": 0},
          "completion_tokens_details": {"reasoning_tokens": 10, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fc9f1d7035"
      }
      """;

  static final String CHAT_STREAM = """
      data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null}

      data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"Hello"},"logprobs":null,"finish_reason":null}],"usage":null}

      : keep-alive comment

      data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":" wörld 👋\\n"},"logprobs":null,"finish_reason":null}],"usage":null}

      data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}],"usage":null}

      data: {"id":"chatcmpl-123","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12,"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}}

      data: [DONE]

      """;

  static final String RESPONSES_STREAM = """
      event: response.created
      data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec","object":"response","created_at":1741290958,"status":"in_progress","error":null,"incomplete_details":null,"instructions":null,"model":"gpt-4.1-2025-04-14","output":[],"usage":null}}

      event: response.in_progress
      data: {"type":"response.in_progress","sequence_number":1,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec","object":"response","status":"in_progress","model":"gpt-4.1-2025-04-14","output":[],"usage":null}}

      event: response.output_item.added
      data: {"type":"response.output_item.added","sequence_number":2,"output_index":0,"item":{"id":"msg_67c9fdcf37fc8190ba82116e33fb28c5","type":"message","status":"in_progress","role":"assistant","content":[]}}

      event: response.content_part.added
      data: {"type":"response.content_part.added","sequence_number":3,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c5","output_index":0,"content_index":0,"part":{"type":"output_text","text":"","annotations":[]}}

      event: response.output_text.delta
      data: {"type":"response.output_text.delta","sequence_number":4,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c5","output_index":0,"content_index":0,"delta":"Hi"}

      event: response.output_text.delta
      data: {"type":"response.output_text.delta","sequence_number":5,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c5","output_index":0,"content_index":0,"delta":" there!"}

      event: response.output_text.done
      data: {"type":"response.output_text.done","sequence_number":6,"item_id":"msg_67c9fdcf37fc8190ba82116e33fb28c5","output_index":0,"content_index":0,"text":"Hi there!"}

      event: response.completed
      data: {"type":"response.completed","sequence_number":9,"response":{"id":"resp_67c9fdcecf488190bdd9a0409de3a1ec","object":"response","created_at":1741290958,"status":"completed","error":null,"incomplete_details":null,"model":"gpt-4.1-2025-04-14","output":[{"id":"msg_67c9fdcf37fc8190ba82116e33fb28c5","type":"message","status":"completed","role":"assistant","content":[{"type":"output_text","text":"Hi there!","annotations":[]}]}],"usage":{"input_tokens":37,"input_tokens_details":{"cached_tokens":5},"output_tokens":11,"output_tokens_details":{"reasoning_tokens":2},"total_tokens":48}}}

      """;

  @Test
  void chatBody() {
    LlmResponse r = Streams.body(OpenAiWire.CHAT, CHAT_BODY);
    assertFalse(r.malformed());
    assertTrue(r.completed());
    assertEquals("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", r.id());
    assertEquals("gpt-4o-2024-08-06", r.model());
    assertEquals(List.of("stop", "length"), r.finishReasons());
    assertEquals(1117L, r.inputTokens(), "prompt_tokens already includes the cached tokens");
    assertEquals(46L, r.outputTokens());
    assertEquals(1024L, r.cacheReadInputTokens());
    assertNull(r.cacheCreationInputTokens());
    assertEquals(10L, r.reasoningOutputTokens());
    assertEquals(0, r.chunks(), "a body is not a stream");
    assertNull(r.errorType());
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"The image shows a wooden boardwalk.\"}],\"finish_reason\":\"stop\"},"
        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"A path through\"}],\"finish_reason\":\"length\"}]",
        r.outputMessagesJson(1000));
    assertTrue(r.outputMessagesJson(5).contains("\"content\":\"The i\""));
  }

  @Test
  void chatStreamInEveryKindOfSplit() {
    for (int piece : new int[] {1, 2, 3, 5, 64, 100_000, 0}) {
      LlmResponse r = Streams.sse(OpenAiWire.CHAT, CHAT_STREAM, piece, 1000);
      assertFalse(r.malformed(), "piece " + piece);
      assertTrue(r.completed(), "piece " + piece);
      assertEquals("chatcmpl-123", r.id());
      assertEquals("gpt-4o-mini-2024-07-18", r.model());
      assertEquals(List.of("stop"), r.finishReasons());
      assertEquals(9L, r.inputTokens());
      assertEquals(3L, r.outputTokens());
      assertEquals(0L, r.cacheReadInputTokens());
      assertEquals(2, r.chunks(), "the empty role chunk, the finish chunk and the usage chunk carry no content");
      assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello wörld 👋\\n\"}],\"finish_reason\":\"stop\"}]",
          r.outputMessagesJson(1000), "piece " + piece);
    }
  }

  @Test
  void chatStreamWithCrlfLineEndings() {
    LlmResponse r = Streams.sse(OpenAiWire.CHAT, CHAT_STREAM.replace("\n", "\r\n"), 1, 1000);
    assertEquals(List.of("stop"), r.finishReasons());
    assertEquals(2, r.chunks());
    assertTrue(r.completed());
  }

  @Test
  void truncatedChatStreamIsNotCompleted() {
    String cut = CHAT_STREAM.substring(0, CHAT_STREAM.indexOf("\"delta\":{},") + 5);
    LlmResponse r = new LlmResponse(OpenAiWire.CHAT, 1000);
    SseParser parser = new SseParser(1 << 16, r);
    Streams.feed(parser, Streams.utf8(cut), 7);
    parser.finish();
    assertTrue(parser.endedMidEvent());
    assertFalse(r.completed());
    assertFalse(r.malformed(), "the partial event was never delivered");
    assertEquals(List.of(), r.finishReasons());
    assertNull(r.inputTokens());
    assertEquals(2, r.chunks());
    assertTrue(r.outputMessagesJson(100).contains("Hello wörld"));
  }

  @Test
  void streamedContentIsBoundedWhileAccumulating() {
    StringBuilder stream = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      stream.append("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"abc\"}}]}\n\n");
    }
    LlmResponse r = Streams.sse(OpenAiWire.CHAT, stream.toString(), 4096, 10);
    assertEquals(1000, r.chunks());
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"abcabcabca\"}]}]", r.outputMessagesJson(1000));
    LlmResponse none = Streams.sse(OpenAiWire.CHAT, stream.toString(), 4096, 0);
    assertEquals("[{\"role\":\"assistant\",\"parts\":[]}]", none.outputMessagesJson(1000), "content capture off keeps no text");
  }

  @Test
  void choicesAreCappedAndKeptInIndexOrder() {
    StringBuilder choices = new StringBuilder();
    for (int i = 19; i >= 0; i--) {
      choices.append(i == 19 ? "" : ",").append("{\"index\":").append(i).append(",\"message\":{\"content\":\"c").append(i)
          .append("\"},\"finish_reason\":\"").append(i % 2 == 0 ? "stop" : "length").append("\"}");
    }
    LlmResponse r = Streams.body(OpenAiWire.CHAT, "{\"choices\":[" + choices + "]}");
    assertEquals(LlmResponse.MAX_CHOICES, r.finishReasons().size());
    assertEquals("stop", r.finishReasons().get(0));
    assertEquals("length", r.finishReasons().get(1));
    assertTrue(r.outputMessagesJson(10).startsWith("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"c0\"}]"));
  }

  @Test
  void repeatedFinishReasonForOneIndexIsNotDuplicated() {
    String stream = """
        data: {"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":"stop"}]}

        data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

        data: {"choices":[{"index":1,"delta":{"content":"b"},"finish_reason":"stop"}]}

        """;
    assertEquals(List.of("stop", "stop"), Streams.sse(OpenAiWire.CHAT, stream, 1, 10).finishReasons());
  }

  @Test
  void toolCallDeltasCountAsContent() {
    String stream = """
        data: {"id":"c","choices":[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_abc","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]}

        data: {"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\\"loc"}}]},"finish_reason":null}]}

        data: {"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}

        data: [DONE]

        """;
    LlmResponse r = Streams.sse(OpenAiWire.CHAT, stream, 3, 100);
    assertEquals(2, r.chunks());
    assertEquals(List.of("tool_calls"), r.finishReasons());
  }

  @Test
  void errorsInA200BodyAndMidStream() {
    LlmResponse body = Streams.body(OpenAiWire.CHAT, """
        {"error": {"message": "The server had an error while processing your request.", "type": "server_error", "param": null, "code": null}}""");
    assertEquals("server_error", body.errorType());
    assertNull(body.outputMessagesJson(100));
    String stream = """
        data: {"id":"c","choices":[{"index":0,"delta":{"content":"partial"}}]}

        data: {"error":{"message":"Rate limit reached","type":"tokens","param":null,"code":"rate_limit_exceeded"}}

        """;
    LlmResponse r = Streams.sse(OpenAiWire.CHAT, stream, 1, 100);
    assertEquals("tokens", r.errorType());
    assertFalse(r.completed());
    assertEquals("rate_limit_exceeded", Streams.body(OpenAiWire.CHAT, "{\"error\":{\"code\":\"rate_limit_exceeded\"}}").errorType());
    assertEquals("_OTHER", Streams.body(OpenAiWire.CHAT, "{\"error\":{\"message\":\"no type\"}}").errorType());
  }

  @Test
  void nothingOfAMalformedOrDroppedEventReachesTheNextOne() {
    String next = "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}";
    LlmResponse afterBroken = new LlmResponse(OpenAiWire.CHAT, 100);
    afterBroken.acceptEvent(null, "{\"id\":\"from-a-broken-event\",\"model\":\"broken\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]");
    afterBroken.acceptEvent(null, next);
    LlmResponse afterDropped = new LlmResponse(OpenAiWire.CHAT, 100);
    SseParser tiny = new SseParser(40, afterDropped);
    byte[] dropped = Streams.utf8("data: {\"id\":\"from-a-dropped-event\",\"model\":\"dropped\"}\n\n");
    tiny.feed(dropped, 0, dropped.length);
    afterDropped.acceptEvent(null, next);
    for (LlmResponse r : List.of(afterBroken, afterDropped)) {
      assertNull(r.id(), "the broken or dropped event's id was never taken");
      assertNull(r.model());
      assertEquals(0, r.chunks(), "the broken event's content does not count as a chunk");
      assertEquals("[{\"role\":\"assistant\",\"parts\":[],\"finish_reason\":\"stop\"}]", r.outputMessagesJson(100));
    }
    assertTrue(afterBroken.malformed());
    assertFalse(afterDropped.malformed(), "too large is not malformed");
  }

  @Test
  void malformedEventsAreFlaggedWithoutLosingTheRest() {
    String stream = """
        data: {"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"ok"}}]}

        data: {"id":"c1","choices":[{"index":0,"delta":{"content":

        data: {"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}

        """;
    LlmResponse r = Streams.sse(OpenAiWire.CHAT, stream, 2, 100);
    assertTrue(r.malformed());
    assertEquals("m", r.model());
    assertEquals(List.of("stop"), r.finishReasons());
    assertTrue(Streams.body(OpenAiWire.CHAT, "{\"id\":").malformed());
    assertTrue(Streams.body(OpenAiWire.CHAT, "").malformed());
    assertTrue(Streams.body(OpenAiWire.CHAT, "[1]").malformed(), "not an object");
  }

  @Test
  void legacyCompletions() {
    LlmResponse r = Streams.body(OpenAiWire.COMPLETIONS, """
        {"id": "cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", "object": "text_completion", "created": 1589478378, "model": "gpt-3.5-turbo-instruct",
         "system_fingerprint": "fp_44709d6fcb",
         "choices": [{"text": "\\n\\nThis is indeed a test", "index": 0, "logprobs": null, "finish_reason": "length"}],
         "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}}""");
    assertEquals("cmpl-uqkvlQyYK7bGYrRHQ0eXlWi7", r.id());
    assertEquals(List.of("length"), r.finishReasons());
    assertEquals(5L, r.inputTokens());
    assertEquals(7L, r.outputTokens());
    assertTrue(r.outputMessagesJson(100).contains("\"content\":\"\\n\\nThis is indeed a test\""));
    LlmResponse s = Streams.sse(OpenAiWire.COMPLETIONS, """
        data: {"id":"cmpl-1","object":"text_completion","model":"gpt-3.5-turbo-instruct","choices":[{"text":"Hel","index":0,"logprobs":null,"finish_reason":null}]}

        data: {"id":"cmpl-1","object":"text_completion","model":"gpt-3.5-turbo-instruct","choices":[{"text":"lo","index":0,"logprobs":null,"finish_reason":"stop"}]}

        data: [DONE]

        """, 1, 100);
    assertEquals(2, s.chunks());
    assertTrue(s.outputMessagesJson(100).contains("\"content\":\"Hello\""));
  }

  @Test
  void embeddingsFloatAndBase64() {
    LlmResponse r = Streams.body(OpenAiWire.EMBEDDINGS, """
        {"object": "list",
         "data": [{"object": "embedding", "embedding": [0.0023064255, -0.009327292, -0.0028842222, 1e-5], "index": 0}],
         "model": "text-embedding-3-small",
         "usage": {"prompt_tokens": 8, "total_tokens": 8}}""");
    assertEquals(4L, r.embeddingDimension());
    assertEquals(8L, r.inputTokens());
    assertEquals("text-embedding-3-small", r.model());
    assertNull(r.outputTokens());
    assertNull(r.outputMessagesJson(100), "embeddings have no output messages");
    for (int dims : new int[] {1, 2, 3, 5, 1536}) {
      ByteBuffer floats = ByteBuffer.allocate(dims * 4).order(ByteOrder.LITTLE_ENDIAN);
      String b64 = Base64.getEncoder().encodeToString(floats.array());
      LlmResponse e = Streams.body(OpenAiWire.EMBEDDINGS, "{\"data\":[{\"embedding\":\"" + b64 + "\",\"index\":0}]}");
      assertEquals((long) dims, e.embeddingDimension(), "base64 of " + dims);
    }
  }

  @Test
  void responsesBody() {
    LlmResponse r = Streams.body(OpenAiWire.RESPONSES, """
        {
          "id": "resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b",
          "object": "response",
          "created_at": 1741476542,
          "status": "completed",
          "error": null,
          "incomplete_details": null,
          "instructions": null,
          "max_output_tokens": null,
          "model": "gpt-4.1-2025-04-14",
          "output": [
            {"type": "reasoning", "id": "rs_1", "summary": []},
            {"type": "message", "id": "msg_67ccd2bf17f0819081ff3bb2cf6508e6", "status": "completed", "role": "assistant",
             "content": [{"type": "output_text", "text": "In a peaceful grove beneath a silver moon.", "annotations": []}]}
          ],
          "parallel_tool_calls": true,
          "usage": {"input_tokens": 36, "input_tokens_details": {"cached_tokens": 4}, "output_tokens": 87,
                    "output_tokens_details": {"reasoning_tokens": 64}, "total_tokens": 123},
          "metadata": {}
        }
        """);
    assertEquals("resp_67ccd2bed1ec8190b14f964abc0542670bb6a6b452d3795b", r.id());
    assertEquals("gpt-4.1-2025-04-14", r.model());
    assertEquals(List.of("stop"), r.finishReasons());
    assertEquals(36L, r.inputTokens());
    assertEquals(87L, r.outputTokens());
    assertEquals(4L, r.cacheReadInputTokens());
    assertEquals(64L, r.reasoningOutputTokens());
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"In a peaceful grove beneath a silver moon.\"}],\"finish_reason\":\"stop\"}]",
        r.outputMessagesJson(100));
    LlmResponse incomplete = Streams.body(OpenAiWire.RESPONSES,
        "{\"id\":\"resp_2\",\"status\":\"incomplete\",\"incomplete_details\":{\"reason\":\"max_output_tokens\"},\"output\":[]}");
    assertEquals(List.of("max_output_tokens"), incomplete.finishReasons());
  }

  @Test
  void responsesStreamDoesNotDuplicateTheFinalText() {
    for (int piece : new int[] {1, 13, 0}) {
      LlmResponse r = Streams.sse(OpenAiWire.RESPONSES, RESPONSES_STREAM, piece, 1000);
      assertFalse(r.malformed());
      assertTrue(r.completed());
      assertEquals("resp_67c9fdcecf488190bdd9a0409de3a1ec", r.id());
      assertEquals("gpt-4.1-2025-04-14", r.model());
      assertEquals(List.of("stop"), r.finishReasons());
      assertEquals(37L, r.inputTokens());
      assertEquals(11L, r.outputTokens());
      assertEquals(5L, r.cacheReadInputTokens());
      assertEquals(2L, r.reasoningOutputTokens());
      assertEquals(2, r.chunks());
      assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi there!\"}],\"finish_reason\":\"stop\"}]",
          r.outputMessagesJson(1000));
    }
  }

  @Test
  void responsesStreamWithoutEventLinesUsesTheDataType() {
    String withoutEventLines = RESPONSES_STREAM.replaceAll("(?m)^event: .*\\n", "");
    LlmResponse r = Streams.sse(OpenAiWire.RESPONSES, withoutEventLines, 5, 1000);
    assertEquals(2, r.chunks());
    assertEquals(List.of("stop"), r.finishReasons());
    assertEquals(37L, r.inputTokens());
  }

  @Test
  void responsesStreamErrorsAndFailures() {
    LlmResponse failed = Streams.sse(OpenAiWire.RESPONSES, """
        event: response.failed
        data: {"type":"response.failed","sequence_number":3,"response":{"id":"resp_f","status":"failed","error":{"code":"server_error","message":"The model failed"},"incomplete_details":null,"model":"gpt-4.1","output":[],"usage":null}}

        """, 1, 100);
    assertEquals("server_error", failed.errorType());
    assertEquals(List.of("failed"), failed.finishReasons());
    assertTrue(failed.completed());
    LlmResponse error = Streams.sse(OpenAiWire.RESPONSES, """
        event: error
        data: {"type":"error","code":"ERR_SOMETHING","message":"Something went wrong","param":null,"sequence_number":1}

        """, 1, 100);
    assertEquals("ERR_SOMETHING", error.errorType());
    LlmResponse incomplete = Streams.sse(OpenAiWire.RESPONSES, """
        event: response.incomplete
        data: {"type":"response.incomplete","response":{"id":"resp_i","status":"incomplete","incomplete_details":{"reason":"content_filter"},"usage":{"input_tokens":3,"output_tokens":1}}}

        """, 1, 100);
    assertEquals(List.of("content_filter"), incomplete.finishReasons());
    assertEquals(1L, incomplete.outputTokens());
  }
}
