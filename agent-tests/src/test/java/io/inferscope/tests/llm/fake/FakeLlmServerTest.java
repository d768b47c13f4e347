package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.FakeAnswer.CACHED_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.CONTENT;
import static io.inferscope.tests.llm.fake.FakeAnswer.CONTENT_PIECES;
import static io.inferscope.tests.llm.fake.FakeAnswer.INPUT_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.OUTPUT_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.REASONING_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.TOTAL_TOKENS;
import static io.inferscope.tests.llm.fake.HttpCalls.at;
import static io.inferscope.tests.llm.fake.HttpCalls.chatRequest;
import static io.inferscope.tests.llm.fake.HttpCalls.number;
import static io.inferscope.tests.llm.fake.HttpCalls.object;
import static io.inferscope.tests.llm.fake.HttpCalls.postString;
import static io.inferscope.tests.llm.fake.HttpCalls.sse;
import static io.inferscope.tests.llm.fake.Json.obj;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.inferscope.tests.llm.fake.HttpCalls.SseEvent;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The correct answers of {@link FakeLlmServer} in the OpenAI and Azure OpenAI formats, over the JDK HttpClient. */
class FakeLlmServerTest {
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
  void openAiChatCompletion() throws Exception {
    HttpResponse<String> response = postString(server, "/v1/chat/completions", chatRequest("gpt-4o-mini"));
    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    Map<String, Object> body = object(response.body());
    assertEquals(FakeAnswer.CHAT_COMPLETION_ID, body.get("id"));
    assertEquals("chat.completion", body.get("object"));
    assertEquals(FakeAnswer.CREATED, number(body, "created"));
    assertEquals("gpt-4o-mini-2024-07-18", body.get("model"));
    assertEquals(FakeAnswer.SYSTEM_FINGERPRINT, body.get("system_fingerprint"));
    List<Object> choices = at(body, "choices");
    assertEquals(1, choices.size());
    assertEquals("assistant", at(body, "choices", 0, "message", "role"));
    assertEquals(CONTENT, at(body, "choices", 0, "message", "content"));
    assertEquals("stop", at(body, "choices", 0, "finish_reason"));
    assertEquals(INPUT_TOKENS, number(body, "usage", "prompt_tokens"));
    assertEquals(OUTPUT_TOKENS, number(body, "usage", "completion_tokens"));
    assertEquals(TOTAL_TOKENS, number(body, "usage", "total_tokens"));
    assertEquals(CACHED_TOKENS, number(body, "usage", "prompt_tokens_details", "cached_tokens"));
    assertEquals(REASONING_TOKENS, number(body, "usage", "completion_tokens_details", "reasoning_tokens"));
  }

  @Test
  void openAiChatHonoursNAndAnyPathPrefix() throws Exception {
    HttpResponse<String> response = postString(server, "/openai/v1/chat/completions", chatRequest("gpt-4o", "n", 3));
    assertEquals(200, response.statusCode());
    List<Map<String, Object>> choices = at(object(response.body()), "choices");
    assertEquals(3, choices.size());
    for (int i = 0; i < 3; i++) {
      assertEquals(i, number(choices.get(i), "index"));
      assertEquals(CONTENT, at(choices.get(i), "message", "content"));
    }
  }

  @Test
  void openAiChatStreamWithUsage() throws Exception {
    HttpResponse<String> response = postString(server, "/v1/chat/completions",
        chatRequest("gpt-4o-mini", "stream", true, "stream_options", obj("include_usage", true)));
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    assertEquals("chunked", response.headers().firstValue("transfer-encoding").orElseThrow());
    List<SseEvent> events = sse(response.body());
    assertEquals("[DONE]", events.get(events.size() - 1).data());
    Map<String, Object> first = events.get(0).json();
    assertEquals("chat.completion.chunk", first.get("object"));
    assertEquals("gpt-4o-mini-2024-07-18", first.get("model"));
    assertEquals("assistant", at(first, "choices", 0, "delta", "role"));
    StringBuilder text = new StringBuilder();
    for (SseEvent e : events.subList(1, 1 + CONTENT_PIECES.size())) {
      text.append((String) at(e.json(), "choices", 0, "delta", "content"));
    }
    assertEquals(CONTENT, text.toString());
    Map<String, Object> finish = events.get(events.size() - 3).json();
    assertEquals("stop", at(finish, "choices", 0, "finish_reason"));
    assertEquals(Map.of(), at(finish, "choices", 0, "delta"));
    Map<String, Object> usage = events.get(events.size() - 2).json();
    assertEquals(List.of(), usage.get("choices"));
    assertEquals(INPUT_TOKENS, number(usage, "usage", "prompt_tokens"));
    assertEquals(OUTPUT_TOKENS, number(usage, "usage", "completion_tokens"));
    assertEquals(CACHED_TOKENS, number(usage, "usage", "prompt_tokens_details", "cached_tokens"));
  }

  @Test
  void openAiChatStreamWithoutIncludeUsageHasNoUsage() throws Exception {
    String body = postString(server, "/v1/chat/completions", chatRequest("gpt-4o-mini", "stream", true)).body();
    List<SseEvent> events = sse(body);
    assertEquals(1 + CONTENT_PIECES.size() + 1 + 1, events.size()); // role, deltas, finish, [DONE]
    assertFalse(body.contains("\"usage\""));
  }

  @Test
  void legacyCompletions() throws Exception {
    Map<String, Object> body = object(postString(server, "/v1/completions",
        obj("model", "gpt-3.5-turbo-instruct", "prompt", "Say hi")).body());
    assertEquals("text_completion", body.get("object"));
    assertEquals(CONTENT, at(body, "choices", 0, "text"));
    assertEquals(TOTAL_TOKENS, number(body, "usage", "total_tokens"));

    List<SseEvent> events = sse(postString(server, "/v1/completions",
        obj("model", "gpt-3.5-turbo-instruct", "prompt", "Say hi", "stream", true)).body());
    StringBuilder text = new StringBuilder();
    for (SseEvent e : events.subList(0, events.size() - 1)) {
      text.append((String) at(e.json(), "choices", 0, "text"));
    }
    assertEquals(CONTENT, text.toString());
    assertEquals("stop", at(events.get(events.size() - 2).json(), "choices", 0, "finish_reason"));
    assertEquals("[DONE]", events.get(events.size() - 1).data());
  }

  @Test
  void embeddingsAsFloatsAndAsBase64() throws Exception {
    Map<String, Object> floats = object(postString(server, "/v1/embeddings",
        obj("model", "text-embedding-3-small", "input", List.of("a", "b"), "encoding_format", "float")).body());
    List<Map<String, Object>> data = at(floats, "data");
    assertEquals(2, data.size());
    assertEquals(1, number(data.get(1), "index"));
    assertEquals("embedding", data.get(0).get("object"));
    List<Number> vector = at(data.get(0), "embedding");
    assertEquals(FakeAnswer.EMBEDDING_DIMENSION, vector.size());
    float[] expected = FakeAnswer.embedding();
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], vector.get(i).floatValue());
    }
    assertEquals(INPUT_TOKENS, number(floats, "usage", "prompt_tokens"));
    assertEquals("text-embedding-3-small-2024-07-18", floats.get("model"));

    Map<String, Object> base64 = object(postString(server, "/v1/embeddings",
        obj("model", "text-embedding-3-small", "input", "a", "encoding_format", "base64")).body());
    byte[] bytes = Base64.getDecoder().decode((String) at(base64, "data", 0, "embedding"));
    float[] decoded = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
    assertArrayEquals(expected, decoded);
  }

  @Test
  void responsesApi() throws Exception {
    Map<String, Object> body =
        object(postString(server, "/v1/responses", obj("model", "gpt-4.1", "input", "Hi")).body());
    assertEquals(FakeAnswer.RESPONSE_ID, body.get("id"));
    assertEquals("response", body.get("object"));
    assertEquals("completed", body.get("status"));
    assertEquals("gpt-4.1-2024-07-18", body.get("model"));
    assertEquals("message", at(body, "output", 0, "type"));
    assertEquals("assistant", at(body, "output", 0, "role"));
    assertEquals("output_text", at(body, "output", 0, "content", 0, "type"));
    assertEquals(CONTENT, at(body, "output", 0, "content", 0, "text"));
    assertEquals(INPUT_TOKENS, number(body, "usage", "input_tokens"));
    assertEquals(CACHED_TOKENS, number(body, "usage", "input_tokens_details", "cached_tokens"));
    assertEquals(OUTPUT_TOKENS, number(body, "usage", "output_tokens"));
    assertEquals(REASONING_TOKENS, number(body, "usage", "output_tokens_details", "reasoning_tokens"));
    assertEquals(TOTAL_TOKENS, number(body, "usage", "total_tokens"));
  }

  @Test
  void responsesApiStream() throws Exception {
    List<SseEvent> events = sse(postString(server, "/v1/responses",
        obj("model", "gpt-4.1", "input", "Hi", "stream", true)).body());
    List<String> names = events.stream().map(SseEvent::event).toList();
    assertEquals(List.of("response.created", "response.in_progress", "response.output_item.added",
        "response.content_part.added"), names.subList(0, 4));
    assertEquals(List.of("response.output_text.done", "response.content_part.done", "response.output_item.done",
        "response.completed"), names.subList(names.size() - 4, names.size()));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < events.size(); i++) {
      Map<String, Object> data = events.get(i).json();
      assertEquals(events.get(i).event(), data.get("type"));
      assertEquals(i, number(data, "sequence_number"));
      if (data.get("type").equals("response.output_text.delta")) {
        text.append((String) data.get("delta"));
      }
    }
    assertEquals(CONTENT, text.toString());
    Map<String, Object> completed = events.get(events.size() - 1).json();
    assertEquals("completed", at(completed, "response", "status"));
    assertEquals(CONTENT, at(completed, "response", "output", 0, "content", 0, "text"));
    assertEquals(OUTPUT_TOKENS, number(completed, "response", "usage", "output_tokens"));
    assertNull(at(events.get(0).json(), "response", "usage"));
  }

  @Test
  void azureDeploymentIsTheModel() throws Exception {
    String path = "/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21";
    Map<String, Object> chat = object(postString(server, path, chatRequest("ignored-model")).body());
    assertEquals("my-deployment-2024-07-18", chat.get("model"));
    assertEquals(CONTENT, at(chat, "choices", 0, "message", "content"));
    server.clearRequests();
    Map<String, Object> embeddings = object(postString(server,
        "/openai/deployments/error-429/embeddings?api-version=2024-10-21", obj("input", "x")).body());
    assertEquals("rate_limit_exceeded", at(embeddings, "error", "type"));
    assertEquals("2024-10-21", server.requests().get(0).queryParameter("api-version").orElseThrow());
  }
}
