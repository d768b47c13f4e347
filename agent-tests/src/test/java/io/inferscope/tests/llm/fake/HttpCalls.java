package io.inferscope.tests.llm.fake;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JDK HttpClient calls and SSE/NDJSON parsing for the fake server's own tests. */
final class HttpCalls {
  /** HTTP/1.1 only, so that tests see the server's chunking without an h2c upgrade offer. */
  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private HttpCalls() {}

  /** A one-message chat request for {@code model}, plus extra top-level fields (key, value, ...). */
  static Map<String, Object> chatRequest(String model, Object... extra) {
    Map<String, Object> body = Json.obj("model", model, "messages", List.of(Json.obj("role", "user", "content", "Hi")));
    body.putAll(Json.obj(extra));
    return body;
  }

  static HttpRequest.Builder post(FakeLlmServer server, String pathAndQuery, Object json) {
    return HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(json)));
  }

  static HttpResponse<String> postString(FakeLlmServer server, String pathAndQuery, Object json)
      throws IOException, InterruptedException {
    return CLIENT.send(post(server, pathAndQuery, json).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<InputStream> postStream(FakeLlmServer server, String pathAndQuery, Object json)
      throws IOException, InterruptedException {
    return CLIENT.send(post(server, pathAndQuery, json).build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json) {
    return (Map<String, Object>) Json.parse(json);
  }

  /** A value at a path of keys (object) and indexes (array), e.g. {@code at(body, "choices", 0, "message")}. */
  @SuppressWarnings("unchecked")
  static <T> T at(Object json, Object... path) {
    Object value = json;
    for (Object step : path) {
      if (step instanceof Integer index) {
        value = ((List<Object>) value).get(index);
      } else {
        value = ((Map<String, Object>) value).get((String) step);
      }
    }
    return (T) value;
  }

  static long number(Object json, Object... path) {
    return ((Number) at(json, path)).longValue();
  }

  /** One server-sent event: its {@code event:} name (null if none) and {@code data:} text. */
  record SseEvent(String event, String data) {
    Map<String, Object> json() {
      return object(data);
    }
  }

  static List<SseEvent> sse(String body) {
    List<SseEvent> events = new ArrayList<>();
    for (String block : body.split("\n\n")) {
      String event = null;
      StringBuilder data = new StringBuilder();
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data.append(line.substring(6));
        }
      }
      if (event != null || data.length() > 0) {
        events.add(new SseEvent(event, data.toString()));
      }
    }
    return events;
  }

  static List<Map<String, Object>> ndjson(String body) {
    List<Map<String, Object>> lines = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        lines.add(object(line));
      }
    }
    return lines;
  }
}
