package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LlmResponseGeminiOllamaTest {
  static final String GEMINI_BODY = """
      {
        "candidates": [
          {
            "content": {"parts": [{"text": "**Considering AI**", "thought": true}, {"text": "AI learns patterns from data."}], "role": "model"},
            "finishReason": "STOP",
            "index": 0
          }
        ],
        "usageMetadata": {"promptTokenCount": 8, "candidatesTokenCount": 7, "totalTokenCount": 1100, "cachedContentTokenCount": 4,
                          "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 8}], "thoughtsTokenCount": 1085},
        "modelVersion": "gemini-2.5-flash",
        "responseId": "eyTqaKjCNsWVz7IPp8KW8Ak"
      }
      """;

  // Gemini's alt=sse stream: each event a whole GenerateContentResponse, CRLF line ends.
  static final String GEMINI_SSE = """
      data: {"candidates": [{"content": {"parts": [{"text": "Once"}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 9}]},"modelVersion": "gemini-2.0-flash","responseId": "Yw3xZ9zZ"}

      data: {"candidates": [{"content": {"parts": [{"text": " upon a time — "}],"role": "model"},"index": 0}],"usageMetadata": {"promptTokenCount": 9,"totalTokenCount": 9},"modelVersion": "gemini-2.0-flash","responseId": "Yw3xZ9zZ"}

      data: {"candidates": [{"content": {"parts": [{"text": "🐉."}],"role": "model"},"finishReason": "STOP","index": 0}],"usageMetadata": {"promptTokenCount": 9,"candidatesTokenCount": 12,"totalTokenCount": 21,"promptTokensDetails": [{"modality": "TEXT","tokenCount": 9}],"candidatesTokensDetails": [{"modality": "TEXT","tokenCount": 12}]},"modelVersion": "gemini-2.0-flash","responseId": "Yw3xZ9zZ"}

      """.replace("\n", "\r\n");

  @Test
  void geminiBodyCountsThoughtsAsOutput() {
    LlmResponse r = Streams.body(GeminiWire.GENERATE, GEMINI_BODY);
    assertEquals("eyTqaKjCNsWVz7IPp8KW8Ak", r.id());
    assertEquals("gemini-2.5-flash", r.model());
    assertEquals(List.of("STOP"), r.finishReasons(), "raw provider value");
    assertEquals(8L, r.inputTokens(), "promptTokenCount already includes cached content");
    assertEquals(4L, r.cacheReadInputTokens());
    assertEquals(1092L, r.outputTokens(), "candidates + thoughts");
    assertEquals(1085L, r.reasoningOutputTokens());
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"AI learns patterns from data.\"}],\"finish_reason\":\"STOP\"}]",
        r.outputMessagesJson(100));
  }

  @Test
  void geminiAndVertexEmbeddings() {
    LlmResponse batch = Streams.body(GeminiWire.EMBED, """
        {"embeddings": [{"values": [0.5, -0.25, 0.125]}, {"values": [1.0, 2.0, 3.0]}]}
        """);
    assertEquals(3L, batch.embeddingDimension());
    assertNull(batch.inputTokens(), "the Gemini API's batch answer reports no usage");
    LlmResponse single = Streams.body(GeminiWire.EMBED, """
        {"embedding": {"values": [0.5, -0.25, 0.125, 1.0]}, "usageMetadata": {"promptTokenCount": 6, "totalTokenCount": 6}}
        """);
    assertEquals(4L, single.embeddingDimension());
    assertEquals(6L, single.inputTokens());
    LlmResponse vertex = Streams.body(GeminiWire.EMBED, """
        {"predictions": [{"embeddings": {"statistics": {"truncated": false, "token_count": 4}, "values": [0.1, 0.2]}},
                         {"embeddings": {"values": [0.3, 0.4], "statistics": {"token_count": 5, "truncated": false}}}],
         "metadata": {"billableCharacterCount": 30}}
        """);
    assertEquals(2L, vertex.embeddingDimension());
    assertEquals(9L, vertex.inputTokens(), "Vertex AI counts tokens per instance: added up");
    assertNull(vertex.outputTokens());
    LlmResponse error = Streams.body(GeminiWire.EMBED, """
        {"error": {"code": 429, "message": "Resource exhausted", "status": "RESOURCE_EXHAUSTED"}}
        """);
    assertEquals("RESOURCE_EXHAUSTED", error.errorType());
  }

  @Test
  void geminiSseStream() {
    for (int piece : new int[] {1, 2, 3, 9, 100_000, 0}) {
      LlmResponse r = Streams.sse(GeminiWire.GENERATE, GEMINI_SSE, piece, 1000);
      assertFalse(r.malformed());
      assertTrue(r.completed());
      assertEquals("Yw3xZ9zZ", r.id());
      assertEquals("gemini-2.0-flash", r.model());
      assertEquals(List.of("STOP"), r.finishReasons());
      assertEquals(9L, r.inputTokens());
      assertEquals(12L, r.outputTokens());
      assertNull(r.reasoningOutputTokens());
      assertEquals(3, r.chunks());
      assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Once upon a time — 🐉.\"}],\"finish_reason\":\"STOP\"}]",
          r.outputMessagesJson(1000), "piece " + piece);
    }
  }

  @Test
  void geminiStreamAsOneJsonArray() {
    String array = "[" + String.join(",\r\n", GEMINI_SSE.replace("data: ", "").trim().split("\r\n\r\n")) + "]";
    LlmResponse r = Streams.body(GeminiWire.GENERATE, array);
    assertFalse(r.malformed());
    assertEquals(3, r.chunks());
    assertEquals(List.of("STOP"), r.finishReasons());
    assertEquals(12L, r.outputTokens());
    assertTrue(r.outputMessagesJson(100).contains("Once upon a time — 🐉."));
  }

  @Test
  void geminiTruncatedStreamAndErrors() {
    String cut = GEMINI_SSE.substring(0, GEMINI_SSE.lastIndexOf("data: "));
    LlmResponse r = Streams.sse(GeminiWire.GENERATE, cut, 5, 100);
    assertFalse(r.completed(), "no finishReason arrived");
    assertEquals(List.of(), r.finishReasons());
    assertEquals(9L, r.inputTokens());
    assertNull(r.outputTokens());
    LlmResponse error = Streams.body(GeminiWire.GENERATE, """
        {"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED"}}""");
    assertEquals("RESOURCE_EXHAUSTED", error.errorType());
    assertEquals("503", Streams.body(GeminiWire.GENERATE, "{\"error\":{\"code\":503}}").errorType());
  }

  @Test
  void geminiMultipleCandidates() {
    LlmResponse r = Streams.body(GeminiWire.GENERATE, """
        {"candidates": [
          {"content": {"parts": [{"text": "A"}], "role": "model"}, "finishReason": "STOP", "index": 0},
          {"content": {"parts": [{"text": "B"}], "role": "model"}, "finishReason": "MAX_TOKENS", "index": 1}
        ]}""");
    assertEquals(List.of("STOP", "MAX_TOKENS"), r.finishReasons());
    assertTrue(r.outputMessagesJson(10).contains("{\"type\":\"text\",\"content\":\"B\"}],\"finish_reason\":\"MAX_TOKENS\""));
  }

  @Test
  void ollamaChatBody() {
    LlmResponse r = Streams.body(OllamaWire.CHAT, """
        {"model": "llama3.2", "created_at": "2023-12-12T14:13:43.416799Z",
         "message": {"role": "assistant", "content": "Hello! How are you today?"},
         "done": true, "done_reason": "stop", "total_duration": 5191566416, "load_duration": 2154458,
         "prompt_eval_count": 26, "prompt_eval_duration": 383809000, "eval_count": 298, "eval_duration": 4799921000}""");
    assertEquals("llama3.2", r.model());
    assertNull(r.id());
    assertEquals(List.of("stop"), r.finishReasons());
    assertEquals(26L, r.inputTokens());
    assertEquals(298L, r.outputTokens());
    assertTrue(r.completed());
    assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hello! How are you today?\"}],\"finish_reason\":\"stop\"}]",
        r.outputMessagesJson(100));
  }

  static final String OLLAMA_CHAT_STREAM = """
      {"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":"The"},"done":false}
      {"model":"llama3.2","created_at":"2023-08-04T08:52:19.385406455-07:00","message":{"role":"assistant","content":" sky é"},"done":false}
      {"model":"llama3.2","created_at":"2023-08-04T19:22:45.499127Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","total_duration":4883583458,"load_duration":1334875,"prompt_eval_count":26,"prompt_eval_duration":342546000,"eval_count":282,"eval_duration":4535599000}
      """;

  @Test
  void ollamaChatNdjsonStream() {
    for (int piece : new int[] {1, 2, 5, 4096}) {
      LlmResponse r = new LlmResponse(OllamaWire.CHAT, 1000);
      NdjsonParser parser = new NdjsonParser(1 << 16, r);
      Streams.feed(parser, Streams.utf8(OLLAMA_CHAT_STREAM), piece);
      parser.finish();
      assertFalse(r.malformed());
      assertTrue(r.completed());
      assertEquals(2, r.chunks());
      assertEquals(List.of("length"), r.finishReasons());
      assertEquals(26L, r.inputTokens());
      assertEquals(282L, r.outputTokens());
      assertEquals("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"The sky é\"}],\"finish_reason\":\"length\"}]",
          r.outputMessagesJson(1000));
    }
  }

  @Test
  void ollamaWholeNdjsonBodyAndTruncation() {
    LlmResponse whole = Streams.body(OllamaWire.CHAT, OLLAMA_CHAT_STREAM);
    assertFalse(whole.malformed());
    assertEquals(2, whole.chunks());
    assertEquals(282L, whole.outputTokens());
    String cut = OLLAMA_CHAT_STREAM.substring(0, OLLAMA_CHAT_STREAM.indexOf("\"done\":true"));
    LlmResponse r = new LlmResponse(OllamaWire.CHAT, 1000);
    NdjsonParser parser = new NdjsonParser(1 << 16, r);
    Streams.feed(parser, Streams.utf8(cut), 3);
    parser.finish();
    assertTrue(parser.endedMidLine());
    assertTrue(r.malformed(), "the cut last line is delivered and does not parse");
    assertFalse(r.completed());
    assertNull(r.outputTokens());
  }

  @Test
  void ollamaGenerateStream() {
    LlmResponse r = new LlmResponse(OllamaWire.GENERATE, 1000);
    r.acceptNdjsonLine("{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"response\":\"The\",\"done\":false}");
    r.acceptNdjsonLine("   ");
    r.acceptNdjsonLine("{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"response\":\" end\",\"done\":false}");
    r.acceptNdjsonLine("{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"response\":\"\",\"done\":true,"
        + "\"done_reason\":\"stop\",\"context\":[1,2,3],\"prompt_eval_count\":26,\"eval_count\":290}");
    assertEquals(2, r.chunks());
    assertEquals(List.of("stop"), r.finishReasons());
    assertEquals(290L, r.outputTokens());
    assertTrue(r.outputMessagesJson(100).contains("\"content\":\"The end\""));
  }

  @Test
  void ollamaEmbedAndErrors() {
    LlmResponse e = Streams.body(OllamaWire.EMBED, """
        {"model": "all-minilm", "embeddings": [[0.010071029, -0.0017594862, 0.05007221, 0.04692972, 0.054764513],
                                                [-0.0098027075, 0.06042469, 0.025257962, -0.006364387, 0.07272725]],
         "total_duration": 14143917, "load_duration": 1019500, "prompt_eval_count": 8}""");
    assertEquals(5L, e.embeddingDimension());
    assertEquals(8L, e.inputTokens());
    assertEquals("all-minilm", e.model());
    assertNull(e.outputMessagesJson(100));
    assertEquals(3L, Streams.body(OllamaWire.EMBED, "{\"embedding\":[0.5,0.25,-1]}").embeddingDimension(), "legacy /api/embeddings");
    LlmResponse err = Streams.body(OllamaWire.CHAT, "{\"error\":\"model \\\"nope\\\" not found, try pulling it first\"}");
    assertEquals("_OTHER", err.errorType(), "a free-text message is not a low-cardinality type");
    assertNull(err.outputMessagesJson(100));
  }

  @Test
  void nothingIsExtractedWithoutAnApiAndNothingThrows() {
    LlmResponse r = new LlmResponse(null, 100);
    r.acceptBody(Streams.utf8("{\"id\":\"x\"}"), 10);
    r.acceptEvent(null, "{\"id\":\"x\"}");
    r.acceptNdjsonLine("{\"id\":\"x\"}");
    assertNull(r.id());
    assertFalse(r.malformed());
    LlmResponse any = new LlmResponse(OpenAiWire.CHAT, -5);
    any.acceptBody(null, 10);
    any.acceptBody(new byte[3], -1);
    any.acceptEvent(null, null);
    any.acceptEvent("x", "   ");
    any.acceptNdjsonLine(null);
    any.acceptEvent(null, "{\"choices\":[{\"index\":-3,\"delta\":{\"content\":\"x\"}}, {\"index\":99999999999}, 5, null]}");
    any.acceptEvent(null, "{\"choices\":\"nope\",\"usage\":[1],\"id\":7}");
    assertTrue(any.malformed(), "the null and empty bodies did not parse");
    assertNull(any.id());
    assertNull(any.outputMessagesJson(10), "out-of-range indexes and non-object choices make no choice");
    any.acceptEvent(null, "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]}");
    assertEquals("[{\"role\":\"assistant\",\"parts\":[]}]", any.outputMessagesJson(10), "a choice without index is its position; max 0 keeps no text");
  }
}
