package io.inferscope.sample.fakellm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.inferscope.sample.http.BadRequestException;
import io.inferscope.sample.http.JsonHttp;
import io.inferscope.sample.http.LocalServer;
import java.io.IOException;
import java.util.Map;

/**
 * A small stand-in for an OpenAI-compatible LLM API, so the application runs with no network and no
 * key: {@code POST /v1/chat/completions} (JSON, or server-sent events with
 * {@code stream_options.include_usage}), {@code POST /v1/embeddings} and {@code GET /v1/models}. Answers are canned text
 * with a model-like pace (see {@link FakeChat}); it listens on its own port like a real LLM service.
 */
public final class FakeOpenAiServer implements AutoCloseable {
  private static final int THREADS = 8;
  private static final int MAX_BODY_BYTES = 1024 * 1024;

  private final FakeChat chat = new FakeChat();
  private final LocalServer server;

  private FakeOpenAiServer(int port) {
    server = LocalServer.start("fake-llm", port, THREADS, Map.of(
        "/v1/chat/completions", openAiRoute(chat::answer),
        "/v1/embeddings", openAiRoute(FakeEmbeddings::answer),
        "/v1/models", FakeOpenAiServer::models,
        "/", exchange -> send(exchange, 404, openAiError("no such endpoint; this fake serves"
            + " POST /v1/chat/completions, POST /v1/embeddings and GET /v1/models"))));
  }

  /** Starts on 127.0.0.1:{@code port} (0: any free port). */
  public static FakeOpenAiServer start(int port) {
    return new FakeOpenAiServer(port);
  }

  /** The base URL an OpenAI client is given, ending in /v1. */
  public String baseUrl() {
    return server.baseUrl() + "/v1";
  }

  /** Streamed answers whose first chunk was held back, for the record. */
  public int lateFirstChunks() {
    return chat.lateFirstChunks();
  }

  @Override
  public void close() {
    server.close();
  }

  /** One answer per exchange; bad requests get OpenAI's error shape, which the client SDKs parse. */
  interface Answer {
    void answer(HttpExchange exchange, JsonNode request) throws IOException, InterruptedException;
  }

  private static HttpHandler openAiRoute(Answer answer) {
    return exchange -> {
      try (exchange) {
        if (!"POST".equals(exchange.getRequestMethod())) {
          send(exchange, 405, openAiError("use POST"));
          return;
        }
        try {
          answer.answer(exchange, JsonHttp.readBody(exchange, MAX_BODY_BYTES));
        } catch (BadRequestException e) {
          send(exchange, e.status(), openAiError(e.getMessage()));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // shutting down
      } catch (IOException e) {
        // The client hung up mid-answer; nothing to do.
      }
    };
  }

  /** The models list clients use to check an endpoint; any model name is answered, these are the usual ones. */
  private static void models(HttpExchange exchange) {
    try (exchange) {
      ObjectNode list = JsonHttp.MAPPER.createObjectNode().put("object", "list");
      ArrayNode data = list.putArray("data");
      for (String model : new String[] {"gpt-4o-mini", "text-embedding-3-small"}) {
        data.addObject().put("id", model).put("object", "model").put("created", 1_700_000_000L)
            .put("owned_by", "fake-llm");
      }
      send(exchange, "GET".equals(exchange.getRequestMethod()) ? 200 : 405,
          "GET".equals(exchange.getRequestMethod()) ? list : openAiError("use GET"));
    }
  }

  private static void send(HttpExchange exchange, int status, Object body) {
    try {
      JsonHttp.send(exchange, status, body);
    } catch (IOException | IllegalStateException e) {
      // Gone, or headers already sent mid-stream: the client sees a cut answer, as from a real server.
    }
  }

  static ObjectNode openAiError(String message) {
    ObjectNode error = JsonHttp.MAPPER.createObjectNode();
    error.putObject("error").put("message", message).put("type", "invalid_request_error");
    return error;
  }
}
