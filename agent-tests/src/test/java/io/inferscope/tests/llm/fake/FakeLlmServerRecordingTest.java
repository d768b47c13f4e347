package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.HttpCalls.CLIENT;
import static io.inferscope.tests.llm.fake.HttpCalls.postStream;
import static io.inferscope.tests.llm.fake.Json.obj;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What {@link FakeLlmServer} records, and that it lets go of everything on close(). */
class FakeLlmServerRecordingTest {

  @Test
  void recordsMethodPathQueryHeadersAndBody() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start()) {
      byte[] body = Json.bytes(obj("model", "gpt-4o-mini", "messages", List.of(obj("role", "user", "content", "Hi"))));
      URI uri = URI.create(server.baseUrl() + "/v1/chat/completions?trace=yes&x=a%20b");
      HttpRequest request = HttpRequest.newBuilder(uri)
          .header("Authorization", "Bearer sk-test")
          .header("Content-Type", "application/json")
          .header("X-Custom", "one")
          .header("X-Custom", "two")
          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
          .build();
      assertEquals(200, CLIENT.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());

      List<RecordedRequest> requests = server.requests();
      assertEquals(1, requests.size());
      RecordedRequest recorded = requests.get(0);
      assertEquals("POST", recorded.method());
      assertEquals("/v1/chat/completions", recorded.path());
      assertEquals("trace=yes&x=a%20b", recorded.query());
      assertEquals("a b", recorded.queryParameter("x").orElseThrow());
      assertEquals("Bearer sk-test", recorded.header("authorization"));
      assertEquals("Bearer sk-test", recorded.header("AUTHORIZATION"));
      assertEquals(List.of("one", "two"), recorded.headers("x-custom"));
      assertEquals(List.of("Bearer sk-test"), recorded.headers().get("authorization"));
      assertEquals("127.0.0.1:" + server.port(), recorded.header("Host"));
      assertNull(recorded.header("X-Absent"));
      assertArrayEquals(body, recorded.body());
      assertEquals("gpt-4o-mini", recorded.json().get("model"));
    }
  }

  /** The recorded answer is what a client reads: a whole body, a stream's bytes without the chunk framing, an error. */
  @Test
  void recordsTheStatusAndBodyBytesItSent() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start()) {
      HttpResponse<byte[]> whole = CLIENT.send(
          HttpCalls.post(server, "/v1/chat/completions", HttpCalls.chatRequest("gpt-4o-mini")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> stream = CLIENT.send(
          HttpCalls.post(server, "/v1/chat/completions", HttpCalls.chatRequest("gpt-4o-mini", "stream", true)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      HttpResponse<byte[]> limited = CLIENT.send(
          HttpCalls.post(server, "/v1/chat/completions", HttpCalls.chatRequest("error-429")).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      List<RecordedRequest> requests = server.requests();
      assertEquals(3, requests.size());
      List<HttpResponse<byte[]>> received = List.of(whole, stream, limited);
      for (int i = 0; i < 3; i++) {
        SentResponse sent = server.responseTo(requests.get(i));
        assertEquals(received.get(i).statusCode(), sent.status(), sent::toString);
        assertArrayEquals(received.get(i).body(), sent.body(), sent::toString);
      }
      assertTrue(new String(stream.body(), StandardCharsets.UTF_8).endsWith("data: [DONE]\n\n"), "the payload, no chunk sizes");
      assertEquals(429, limited.statusCode());
    }
  }

  @Test
  void recordsChunkedRequestBodiesAndFailedCalls() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start()) {
      byte[] body = Json.bytes(obj("model", "error-429", "input", "x"));
      // An InputStream publisher has no length, so the JDK client sends the body chunked.
      HttpRequest request = HttpRequest.newBuilder(URI.create(server.openAiBaseUrl() + "/embeddings"))
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
          .build();
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(429, response.statusCode());
      RecordedRequest recorded = server.requests().get(0);
      assertEquals("chunked", recorded.header("Transfer-Encoding"));
      assertArrayEquals(body, recorded.body());
      assertEquals("x", recorded.json().get("input"));
    }
  }

  @Test
  void answersExpectContinueBeforeTheBodyArrives() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start()) {
      HttpRequest request = HttpCalls.post(server, "/v1/messages", obj("model", "claude-test", "max_tokens", 5))
          .expectContinue(true)
          .build();
      HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode());
      assertEquals("100-continue", server.requests().get(0).header("expect").toLowerCase());
      assertEquals("claude-test", server.requests().get(0).json().get("model"));
    }
  }

  @Test
  void recordsConcurrentRequestsFromManyThreads() throws Exception {
    try (FakeLlmServer server = FakeLlmServer.start()) {
      List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, 24)
          .mapToObj(i -> HttpCalls.post(server, "/api/chat", obj("model", "m" + i, "stream", false)).build())
          .map(r -> CLIENT.sendAsync(r, HttpResponse.BodyHandlers.ofString()))
          .toList();
      for (CompletableFuture<HttpResponse<String>> call : calls) {
        assertEquals(200, call.get(20, TimeUnit.SECONDS).statusCode());
      }
      List<RecordedRequest> requests = server.requests();
      assertEquals(24, requests.size());
      assertEquals(24, requests.stream().map(r -> r.json().get("model")).distinct().count());
      server.clearRequests();
      assertTrue(server.requests().isEmpty());
    }
  }

  @Test
  void closeEndsStalledStreamsPromptlyAndLeavesNoThreads() throws Exception {
    FakeLlmServer server = FakeLlmServer.start();
    int port = server.port();
    HttpResponse<InputStream> stalled =
        postStream(server, "/v1/chat/completions", obj("model", "stall", "stream", true));
    InputStream body = stalled.body();
    byte[] first = new byte[6];
    assertEquals(6, body.readNBytes(first, 0, 6));
    assertEquals("data: ", new String(first, StandardCharsets.US_ASCII));
    HttpRequest stalledWhole =
        HttpCalls.post(server, "/v1/messages", obj("model", "stall")).timeout(Duration.ofSeconds(30)).build();
    CompletableFuture<HttpResponse<String>> waiting =
        CLIENT.sendAsync(stalledWhole, HttpResponse.BodyHandlers.ofString());
    awaitRequests(server, 2);

    long start = System.nanoTime();
    server.close();
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(millis < 2000, "close() took " + millis + " ms");

    // The stalled stream ends (EOF or an error) instead of hanging the client.
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
      try {
        body.readAllBytes();
      } catch (java.io.IOException expected) {
        // a chunked body cut off is an IOException for the JDK client; either ending is fine
      }
    });
    drained.get(5, TimeUnit.SECONDS);
    assertTrue(waiting.handle((r, e) -> e != null).get(5, TimeUnit.SECONDS), "the stalled call must fail");
    List<String> left = Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith(FakeLlmServer.THREAD_NAME_PREFIX) && n.contains("-" + port + "-"))
        .toList();
    assertEquals(List.of(), left);
  }

  private static void awaitRequests(FakeLlmServer server, int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (server.requests().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(count, server.requests().size());
  }
}
