package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.FakeAnswer.CACHED_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.CONTENT;
import static io.inferscope.tests.llm.fake.FakeAnswer.CONTENT_PIECES;
import static io.inferscope.tests.llm.fake.FakeAnswer.INPUT_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.OUTPUT_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.REASONING_TOKENS;
import static io.inferscope.tests.llm.fake.HttpCalls.at;
import static io.inferscope.tests.llm.fake.HttpCalls.chatRequest;
import static io.inferscope.tests.llm.fake.HttpCalls.ndjson;
import static io.inferscope.tests.llm.fake.HttpCalls.number;
import static io.inferscope.tests.llm.fake.HttpCalls.object;
import static io.inferscope.tests.llm.fake.HttpCalls.postString;
import static io.inferscope.tests.llm.fake.HttpCalls.sse;
import static io.inferscope.tests.llm.fake.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.HttpCalls.SseEvent;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The correct answers of {@link FakeLlmServer} in the Anthropic, Ollama and Gemini formats. */
class FakeLlmServerProvidersTest {
  private static FakeLlmServer server;

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anthropicMessages() throws Exception {
    Map<String, Object> body =
        object(postString(server, "/v1/messages", chatRequest("claude-test", "max_tokens", 100)).body());
    assertEquals(FakeAnswer.ANTHROPIC_MESSAGE_ID, body.get("id"));
    assertEquals("message", body.get("type"));
    assertEquals("assistant", body.get("role"));
    assertEquals("claude-test-2024-07-18", body.get("model"));
    assertEquals(List.of(Map.of("type", "text", "text", CONTENT)), body.get("content"));
    assertEquals("end_turn", body.get("stop_reason"));
    assertEquals(INPUT_TOKENS, number(body, "usage", "input_tokens"));
    assertEquals(OUTPUT_TOKENS, number(body, "usage", "output_tokens"));
    assertEquals(CACHED_TOKENS, number(body, "usage", "cache_read_input_tokens"));
    assertEquals(FakeAnswer.CACHE_CREATION_TOKENS, number(body, "usage", "cache_creation_input_tokens"));
  }

  @Test
  void anthropicMessagesStream() throws Exception {
    List<SseEvent> events = sse(postString(server, "/v1/messages",
        chatRequest("claude-test", "max_tokens", 100, "stream", true)).body());
    List<String> names = events.stream().map(SseEvent::event).toList();
    assertEquals(List.of("message_start", "content_block_start", "ping"), names.subList(0, 3));
    assertEquals(List.of("content_block_stop", "message_delta", "message_stop"),
        names.subList(names.size() - 3, names.size()));
    StringBuilder text = new StringBuilder();
    for (SseEvent e : events) {
      assertEquals(e.event(), e.json().get("type"));
      if (e.event().equals("content_block_delta")) {
        assertEquals("text_delta", at(e.json(), "delta", "type"));
        text.append((String) at(e.json(), "delta", "text"));
      }
    }
    assertEquals(CONTENT, text.toString());
    Map<String, Object> start = events.get(0).json();
    assertEquals(INPUT_TOKENS, number(start, "message", "usage", "input_tokens"));
    assertEquals(FakeAnswer.ANTHROPIC_START_OUTPUT_TOKENS, number(start, "message", "usage", "output_tokens"));
    Map<String, Object> delta = events.get(names.size() - 2).json();
    assertEquals("end_turn", at(delta, "delta", "stop_reason"));
    assertEquals(OUTPUT_TOKENS, number(delta, "usage", "output_tokens"));
  }

  @Test
  void ollamaChatStreamsNdjsonByDefault() throws Exception {
    HttpResponse<String> response = postString(server, "/api/chat", chatRequest("llama3"));
    assertEquals("application/x-ndjson", response.headers().firstValue("content-type").orElseThrow());
    List<Map<String, Object>> lines = ndjson(response.body());
    assertEquals(CONTENT_PIECES.size() + 1, lines.size());
    StringBuilder text = new StringBuilder();
    for (Map<String, Object> line : lines.subList(0, lines.size() - 1)) {
      assertEquals(false, line.get("done"));
      assertEquals("llama3-2024-07-18", line.get("model"));
      assertEquals("assistant", at(line, "message", "role"));
      text.append((String) at(line, "message", "content"));
    }
    assertEquals(CONTENT, text.toString());
    Map<String, Object> last = lines.get(lines.size() - 1);
    assertEquals(true, last.get("done"));
    assertEquals("stop", last.get("done_reason"));
    assertEquals(INPUT_TOKENS, number(last, "prompt_eval_count"));
    assertEquals(OUTPUT_TOKENS, number(last, "eval_count"));
  }

  @Test
  void ollamaChatAndGenerateWithoutStreaming() throws Exception {
    HttpResponse<String> chat = postString(server, "/api/chat", chatRequest("llama3", "stream", false));
    assertEquals("application/json", chat.headers().firstValue("content-type").orElseThrow());
    Map<String, Object> body = object(chat.body());
    assertEquals(CONTENT, at(body, "message", "content"));
    assertEquals(true, body.get("done"));
    assertEquals(OUTPUT_TOKENS, number(body, "eval_count"));

    Map<String, Object> generate = object(postString(server, "/api/generate",
        obj("model", "llama3", "prompt", "Hi", "stream", false)).body());
    assertEquals(CONTENT, generate.get("response"));
    assertNull(generate.get("message"));
    assertEquals(INPUT_TOKENS, number(generate, "prompt_eval_count"));
  }

  @Test
  void ollamaGenerateStreamsResponseField() throws Exception {
    List<Map<String, Object>> lines =
        ndjson(postString(server, "/api/generate", obj("model", "llama3", "prompt", "Hi")).body());
    StringBuilder text = new StringBuilder();
    lines.forEach(line -> text.append((String) line.get("response")));
    assertEquals(CONTENT, text.toString());
    assertEquals(true, lines.get(lines.size() - 1).get("done"));
  }

  @Test
  void ollamaEmbed() throws Exception {
    Map<String, Object> body = object(postString(server, "/api/embed",
        obj("model", "nomic-embed-text", "input", List.of("a", "b", "c"))).body());
    List<List<Number>> embeddings = at(body, "embeddings");
    assertEquals(3, embeddings.size());
    assertEquals(FakeAnswer.EMBEDDING_DIMENSION, embeddings.get(2).size());
    assertEquals(FakeAnswer.embedding()[0], embeddings.get(0).get(0).floatValue());
    assertEquals(INPUT_TOKENS, number(body, "prompt_eval_count"));
  }

  @Test
  void geminiGenerateContent() throws Exception {
    Map<String, Object> request = obj("contents", List.of(obj("role", "user", "parts", List.of(obj("text", "Hi")))));
    Map<String, Object> body =
        object(postString(server, "/v1beta/models/gemini-2.0-flash:generateContent", request).body());
    assertEquals("model", at(body, "candidates", 0, "content", "role"));
    assertEquals(CONTENT, at(body, "candidates", 0, "content", "parts", 0, "text"));
    assertEquals("STOP", at(body, "candidates", 0, "finishReason"));
    assertEquals(INPUT_TOKENS, number(body, "usageMetadata", "promptTokenCount"));
    assertEquals(OUTPUT_TOKENS, number(body, "usageMetadata", "candidatesTokenCount"));
    assertEquals(FakeAnswer.GEMINI_TOTAL_TOKENS, number(body, "usageMetadata", "totalTokenCount"));
    assertEquals(CACHED_TOKENS, number(body, "usageMetadata", "cachedContentTokenCount"));
    assertEquals(REASONING_TOKENS, number(body, "usageMetadata", "thoughtsTokenCount"));
    assertEquals("gemini-2.0-flash-2024-07-18", body.get("modelVersion"));
    assertEquals(FakeAnswer.GEMINI_RESPONSE_ID, body.get("responseId"));
  }

  @Test
  void geminiStreamGenerateContentAsSse() throws Exception {
    Map<String, Object> request = obj("contents", List.of(obj("role", "user", "parts", List.of(obj("text", "Hi")))));
    HttpResponse<String> response =
        postString(server, "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse", request);
    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    List<SseEvent> events = sse(response.body());
    assertEquals(CONTENT_PIECES.size(), events.size());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      Map<String, Object> chunk = events.get(i).json();
      text.append((String) at(chunk, "candidates", 0, "content", "parts", 0, "text"));
      boolean last = i == events.size() - 1;
      assertEquals(last, chunk.containsKey("usageMetadata"), "usage only in the last chunk");
    }
    assertEquals(CONTENT, text.toString());
    Map<String, Object> last = events.get(events.size() - 1).json();
    assertEquals("STOP", at(last, "candidates", 0, "finishReason"));
    assertEquals(OUTPUT_TOKENS, number(last, "usageMetadata", "candidatesTokenCount"));
  }

  @Test
  void geminiStreamWithoutSseIsOneJsonArray() throws Exception {
    String path = "/v1beta/models/gemini-2.0-flash:streamGenerateContent";
    List<Object> chunks = (List<Object>) Json.parse(postString(server, path, obj("contents", List.of())).body());
    assertEquals(CONTENT_PIECES.size(), chunks.size());
    assertEquals(CONTENT_PIECES.get(0), at(chunks.get(0), "candidates", 0, "content", "parts", 0, "text"));
  }

  @Test
  void unknownPathIs404Json() throws Exception {
    HttpResponse<String> response = postString(server, "/v2/unknown", obj("model", "gpt-4o-mini"));
    assertEquals(404, response.statusCode());
    Map<String, Object> body = object(response.body());
    assertTrue(((String) at(body, "error", "message")).contains("/v2/unknown"));
  }

  @Test
  void aClientThatOffersHttp2UpgradeIsAnsweredInHttp11() throws Exception {
    // The JDK client's default offers "Upgrade: h2c" on plain HTTP; the server must just ignore it.
    java.net.http.HttpClient http2 = java.net.http.HttpClient.newHttpClient();
    HttpResponse<String> response = http2.send(HttpCalls.post(server, "/v1/chat/completions",
        chatRequest("gpt-4o-mini")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, response.version());
    assertFalse(response.body().isEmpty());
    assertEquals(CONTENT, at(object(response.body()), "choices", 0, "message", "content"));
  }
}
