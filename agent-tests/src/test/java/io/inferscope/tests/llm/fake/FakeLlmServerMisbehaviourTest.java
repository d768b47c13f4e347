package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.HttpCalls.at;
import static io.inferscope.tests.llm.fake.HttpCalls.chatRequest;
import static io.inferscope.tests.llm.fake.HttpCalls.number;
import static io.inferscope.tests.llm.fake.HttpCalls.object;
import static io.inferscope.tests.llm.fake.HttpCalls.postStream;
import static io.inferscope.tests.llm.fake.HttpCalls.postString;
import static io.inferscope.tests.llm.fake.HttpCalls.sse;
import static io.inferscope.tests.llm.fake.Json.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.HttpCalls.SseEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The misbehaviours {@link FakeLlmServer} puts on the wire when a test asks for them by model name. */
class FakeLlmServerMisbehaviourTest {
  private static FakeLlmServer server;
  private static ExecutorService readers;

  @BeforeAll
  static void start() {
    server = FakeLlmServer.start();
    readers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "misbehaviour-test-reader");
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stop() {
    server.close();
    readers.shutdownNow();
  }

  @Test
  void error429InOpenAiFormat() throws Exception {
    HttpResponse<String> response = postString(server, "/v1/chat/completions", chatRequest("error-429"));
    assertEquals(429, response.statusCode());
    assertEquals("0", response.headers().firstValue("retry-after").orElseThrow());
    Map<String, Object> body = object(response.body());
    assertEquals("Rate limit reached", at(body, "error", "message"));
    assertEquals("rate_limit_exceeded", at(body, "error", "type"));
    assertEquals("rate_limit_exceeded", at(body, "error", "code"));
  }

  @Test
  void error429InAnthropicFormat() throws Exception {
    HttpResponse<String> response = postString(server, "/v1/messages", chatRequest("error-429", "stream", true));
    assertEquals(429, response.statusCode());
    Map<String, Object> body = object(response.body());
    assertEquals("error", body.get("type"));
    assertEquals("rate_limit_error", at(body, "error", "type"));
    assertEquals(FakeAnswer.RATE_LIMIT_MESSAGE, at(body, "error", "message"));
  }

  @ParameterizedTest
  @CsvSource({"error-400, 400, invalid_request_error, invalid_request_error, INVALID_ARGUMENT",
      "error-500, 500, server_error, api_error, INTERNAL",
      "error-503, 503, server_error, overloaded_error, UNAVAILABLE"})
  void otherErrorsInEveryFormat(String model, int status, String openAiType, String anthropicType, String geminiStatus)
      throws Exception {
    HttpResponse<String> openAi = postString(server, "/v1/chat/completions", chatRequest(model, "stream", true));
    assertEquals(status, openAi.statusCode());
    assertEquals(openAiType, at(object(openAi.body()), "error", "type"));
    HttpResponse<String> anthropic = postString(server, "/v1/messages", chatRequest(model));
    assertEquals(status, anthropic.statusCode());
    assertEquals(anthropicType, at(object(anthropic.body()), "error", "type"));
    HttpResponse<String> gemini = postString(server, "/v1beta/models/" + model + ":generateContent", obj());
    assertEquals(status, gemini.statusCode());
    assertEquals(geminiStatus, at(object(gemini.body()), "error", "status"));
    assertEquals(status, number(object(gemini.body()), "error", "code"));
    HttpResponse<String> ollama = postString(server, "/api/chat", chatRequest(model));
    assertEquals(status, ollama.statusCode());
    assertTrue(object(ollama.body()).get("error") instanceof String);
  }

  @Test
  void malformedIsInvalidJsonLabelledAsJson() throws Exception {
    HttpResponse<String> response = postString(server, "/v1/chat/completions", chatRequest("malformed", "stream", true));
    assertEquals(200, response.statusCode());
    assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    assertEquals(FakeAnswer.MALFORMED_BODY, response.body());
    assertThrows(IllegalArgumentException.class, () -> Json.parse(response.body()));
  }

  @Test
  void truncatedStreamDeliversTwoChunksThenFails() throws Exception {
    // A line subscriber gets every line before the error (reactive-streams order), so the test
    // sees exactly what arrived, whatever the timing.
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    Flow.Subscriber<String> subscriber = new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        subscription.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(String line) {
        lines.add(line);
      }

      @Override
      public void onError(Throwable error) {
        ended.complete(error);
      }

      @Override
      public void onComplete() {
        ended.complete(null);
      }
    };
    HttpRequest request = HttpCalls.post(server, "/v1/chat/completions",
        chatRequest("truncate", "stream", true, "stream_options", obj("include_usage", true))).build();
    CompletableFuture<Integer> status = new CompletableFuture<>();
    HttpCalls.CLIENT.sendAsync(request, info -> {
      status.complete(info.statusCode());
      return HttpResponse.BodySubscribers.fromLineSubscriber(subscriber);
    });
    Throwable failure = ended.get(10, TimeUnit.SECONDS);
    assertEquals(200, status.getNow(-1));
    assertTrue(failure instanceof IOException, "a chunked body without its terminator must fail, got " + failure);
    List<String> data = lines.stream().filter(l -> l.startsWith("data: ")).toList();
    assertEquals(2, data.size(), lines.toString());
    assertEquals("assistant", at(object(data.get(0).substring(6)), "choices", 0, "delta", "role"));
    assertEquals(FakeAnswer.CONTENT_PIECES.get(0),
        at(object(data.get(1).substring(6)), "choices", 0, "delta", "content"));
  }

  @Test
  void truncatedWholeAnswerFailsTheCall() {
    assertThrows(IOException.class, () -> postString(server, "/v1/chat/completions", chatRequest("truncate")));
    assertThrows(IOException.class, () -> postString(server, "/v1/messages", chatRequest("truncate")));
  }

  @Test
  void slowStreamIsFlushedChunkByChunk() throws Exception {
    long start = System.nanoTime();
    HttpResponse<InputStream> response = postStream(server, "/v1/chat/completions", chatRequest("slow", "stream", true));
    try (BufferedReader reader = reader(response.body())) {
      String first = reader.readLine();
      long firstAt = System.nanoTime();
      assertTrue(first.startsWith("data: "), first);
      String last = null;
      for (String line; (line = reader.readLine()) != null; ) {
        if (!line.isEmpty()) {
          last = line;
        }
      }
      long lastAt = System.nanoTime();
      assertEquals("data: [DONE]", last);
      // 8 frames 200 ms apart: the first must be readable long before the last is even written.
      assertTrue(TimeUnit.NANOSECONDS.toMillis(firstAt - start) < 1000, "first chunk came late");
      assertTrue(TimeUnit.NANOSECONDS.toMillis(lastAt - firstAt) >= 6 * FakeAnswer.SLOW_CHUNK_DELAY_MILLIS);
    }
  }

  @Test
  void lateStreamStartsLateThenIsWhole() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = postString(server, "/v1/chat/completions", chatRequest("late", "stream", true));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(200, response.statusCode());
    assertTrue(millis >= FakeAnswer.LATE_ANSWER_DELAY_MILLIS, "answered after " + millis + " ms");
    assertTrue(response.body().endsWith("data: [DONE]\n\n"), response.body());
  }

  @Test
  void slowWholeAnswerIsDelayed() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = postString(server, "/v1/messages", chatRequest("slow"));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(200, response.statusCode());
    assertTrue(millis >= FakeAnswer.SLOW_RESPONSE_DELAY_MILLIS, "answered after " + millis + " ms");
    assertEquals(FakeAnswer.CONTENT, at(object(response.body()), "content", 0, "text"));
  }

  @Test
  void stalledStreamSendsOneChunkThenNothing() throws Exception {
    HttpResponse<InputStream> response = postStream(server, "/v1/responses", obj("model", "stall", "stream", true));
    BufferedReader reader = reader(response.body());
    assertEquals("event: response.created", reader.readLine());
    assertTrue(reader.readLine().startsWith("data: "));
    assertEquals("", reader.readLine());
    Future<String> next = readers.submit(reader::readLine);
    assertThrows(TimeoutException.class, () -> next.get(700, TimeUnit.MILLISECONDS));
    response.body().close(); // the client gives up, which frees the server's connection
    next.cancel(true);
    assertEquals(200, postString(server, "/v1/chat/completions", chatRequest("gpt-4o-mini")).statusCode());
  }

  @Test
  void hugeWholeAnswer() throws Exception {
    Map<String, Object> body = object(postString(server, "/v1/chat/completions", chatRequest("huge")).body());
    String content = at(body, "choices", 0, "message", "content");
    assertEquals(FakeAnswer.HUGE_CONTENT_LENGTH, content.length());
    assertEquals(FakeAnswer.HUGE_OUTPUT_TOKENS, number(body, "usage", "completion_tokens"));
    assertEquals(FakeAnswer.INPUT_TOKENS + FakeAnswer.HUGE_OUTPUT_TOKENS, number(body, "usage", "total_tokens"));
  }

  @Test
  void hugeStreamIsManyChunks() throws Exception {
    List<SseEvent> events = sse(postString(server, "/v1/messages", chatRequest("huge", "stream", true)).body());
    long deltas = events.stream().filter(e -> "content_block_delta".equals(e.event())).count();
    int length = events.stream().filter(e -> "content_block_delta".equals(e.event()))
        .mapToInt(e -> ((String) at(e.json(), "delta", "text")).length()).sum();
    assertEquals(FakeAnswer.HUGE_CONTENT_LENGTH, length);
    assertTrue(deltas >= 100, deltas + " deltas");
    Map<String, Object> messageDelta = events.get(events.size() - 2).json();
    assertEquals(FakeAnswer.HUGE_OUTPUT_TOKENS, number(messageDelta, "usage", "output_tokens"));
  }

  @Test
  void noUsageEvenWhenAskedFor() throws Exception {
    String stream = postString(server, "/v1/chat/completions",
        chatRequest("no-usage", "stream", true, "stream_options", obj("include_usage", true))).body();
    List<SseEvent> events = sse(stream);
    assertEquals("data: [DONE]".substring(6), events.get(events.size() - 1).data());
    assertFalse(stream.contains("\"usage\":"), stream); // the model name itself says "no-usage"
    String responses = postString(server, "/v1/responses", obj("model", "no-usage", "stream", true)).body();
    assertTrue(responses.contains("response.completed"));
    assertFalse(responses.contains("\"input_tokens\""));
    String ollama = postString(server, "/api/chat", chatRequest("no-usage")).body();
    assertFalse(ollama.contains("eval_count"));
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }
}
