package io.inferscope.tests.llm.bedrock;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A fake Bedrock Runtime on 127.0.0.1 ({@code endpointOverride}) speaking Converse, ConverseStream
 * (AWS event stream), InvokeModel (Anthropic Claude and Amazon Titan bodies) and
 * InvokeModelWithResponseStream (base64 chunks). The model id steers it: {@code throttle-once-*}
 * answers 429 ThrottlingException to its first request, {@code invalid-*} always 400
 * ValidationException, {@code long-*} streams {@link #LONG_DELTAS} deltas slowly. It records each
 * request and the bytes of each body it sent.
 */
public final class FakeBedrockServer implements AutoCloseable {
  static final List<String> PIECES = List.of("Hello", ", ", "Bedrock", "!");
  static final String CONTENT = String.join("", PIECES);
  static final String STOP = "end_turn";
  static final int INPUT_TOKENS = 11;
  static final int OUTPUT_TOKENS = 4;
  static final String CLAUDE_ID = "msg_bdrk_01FakeClaude";
  static final String CLAUDE_MODEL = "claude-3-haiku-20240307";
  static final int LONG_DELTAS = 400;

  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      return values == null || values.isEmpty() ? null : values.get(0);
    }
  }

  private final HttpServer server;
  private final boolean recording;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<String> sentBodies = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();

  private FakeBedrockServer(boolean recording) throws IOException {
    this.recording = recording;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "fake-bedrock");
      t.setDaemon(true);
      return t;
    }));
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeBedrockServer start() {
    return start(true);
  }

  /** @param recording false for benchmarks: nothing is kept per request */
  public static FakeBedrockServer start(boolean recording) {
    try {
      return new FakeBedrockServer(recording);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> requests() {
    return new ArrayList<>(requests);
  }

  /** SHA-256 of each body sent, hex, in order. */
  List<String> sentBodySha256() {
    return new ArrayList<>(sentBodies);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String rawPath = exchange.getRequestURI().getRawPath();
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (recording) {
        requests.add(new Request(exchange.getRequestMethod(), rawPath, Map.copyOf(exchange.getRequestHeaders()),
            new String(body, StandardCharsets.UTF_8)));
      }
      String[] parts = rawPath.split("/");
      if (parts.length != 4 || !parts[1].equals("model")) {
        send(exchange, 404, "application/json", "{\"message\":\"no such route\"}");
        return;
      }
      String model = URLDecoder.decode(parts[2], StandardCharsets.UTF_8);
      String operation = parts[3];
      int count = seen.merge(model + "/" + operation, 1, Integer::sum);
      if (model.startsWith("throttle-once") && count == 1) {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.bedrock/");
        send(exchange, 429, "application/json", "{\"message\":\"Too many requests, please wait before trying again.\"}");
        return;
      }
      if (model.startsWith("invalid")) {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/");
        send(exchange, 400, "application/json", "{\"message\":\"The provided model identifier is invalid.\"}");
        return;
      }
      switch (operation) {
        case "converse" -> send(exchange, 200, "application/json", converse());
        case "invoke" -> send(exchange, 200, "application/json", model.contains("titan") ? titan() : claude());
        case "converse-stream" -> stream(exchange, converseEvents(model.startsWith("long") ? LONG_DELTAS : 0), model.startsWith("long"));
        case "invoke-with-response-stream" -> stream(exchange, claudeChunks(), false);
        default -> send(exchange, 404, "application/json", "{\"message\":\"unknown operation\"}");
      }
    } catch (IOException | RuntimeException e) {
      // The client went away (a cancelled stream): nothing more to send.
    }
  }

  static String converse() {
    return "{\"metrics\":{\"latencyMs\":120},\"output\":{\"message\":{\"content\":[{\"text\":\"" + CONTENT + "\"}],\"role\":\"assistant\"}},"
        + "\"stopReason\":\"" + STOP + "\",\"usage\":{\"inputTokens\":" + INPUT_TOKENS + ",\"outputTokens\":" + OUTPUT_TOKENS
        + ",\"totalTokens\":" + (INPUT_TOKENS + OUTPUT_TOKENS) + "}}";
  }

  static String claude() {
    return "{\"id\":\"" + CLAUDE_ID + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + CLAUDE_MODEL + "\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"" + CONTENT + "\"}],\"stop_reason\":\"" + STOP + "\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":" + INPUT_TOKENS + ",\"output_tokens\":" + OUTPUT_TOKENS + "}}";
  }

  static String titan() {
    return "{\"inputTextTokenCount\":" + INPUT_TOKENS + ",\"results\":[{\"tokenCount\":" + OUTPUT_TOKENS
        + ",\"outputText\":\"" + CONTENT + "\",\"completionReason\":\"FINISH\"}]}";
  }

  /** messageStart, a delta per piece (and {@code extra} more), contentBlockStop, messageStop, metadata. */
  static List<byte[]> converseEvents(int extra) {
    List<byte[]> events = new ArrayList<>();
    events.add(EventStreamWriter.event("messageStart", "{\"p\":\"abcdefgh\",\"role\":\"assistant\"}"));
    for (String piece : PIECES) {
      events.add(EventStreamWriter.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + piece + "\"},\"p\":\"abcd\"}"));
    }
    for (int i = 0; i < extra; i++) {
      events.add(EventStreamWriter.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\" more\"},\"p\":\"ab\"}"));
    }
    events.add(EventStreamWriter.event("contentBlockStop", "{\"contentBlockIndex\":0,\"p\":\"abc\"}"));
    events.add(EventStreamWriter.event("messageStop", "{\"p\":\"abcdef\",\"stopReason\":\"" + STOP + "\"}"));
    events.add(EventStreamWriter.event("metadata", "{\"metrics\":{\"latencyMs\":321},\"p\":\"ab\",\"usage\":{\"inputTokens\":"
        + INPUT_TOKENS + ",\"outputTokens\":" + OUTPUT_TOKENS + ",\"totalTokens\":" + (INPUT_TOKENS + OUTPUT_TOKENS) + "}}"));
    return events;
  }

  /** An Anthropic message stream, each event base64 in a chunk, the last with Bedrock's invocation metrics. */
  static List<byte[]> claudeChunks() {
    List<String> inner = new ArrayList<>();
    inner.add("{\"type\":\"message_start\",\"message\":{\"id\":\"" + CLAUDE_ID + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
        + CLAUDE_MODEL + "\",\"content\":[],\"usage\":{\"input_tokens\":" + INPUT_TOKENS + ",\"output_tokens\":1}}}");
    for (String piece : PIECES) {
      inner.add("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}");
    }
    inner.add("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + STOP + "\"},\"usage\":{\"output_tokens\":" + OUTPUT_TOKENS + "}}");
    inner.add("{\"type\":\"message_stop\",\"amazon-bedrock-invocationMetrics\":{\"inputTokenCount\":" + INPUT_TOKENS
        + ",\"outputTokenCount\":" + OUTPUT_TOKENS + ",\"invocationLatency\":200,\"firstByteLatency\":50}}");
    List<byte[]> chunks = new ArrayList<>();
    for (String json : inner) {
      String encoded = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
      chunks.add(EventStreamWriter.event("chunk", "{\"bytes\":\"" + encoded + "\",\"p\":\"abcdefghij\"}"));
    }
    return chunks;
  }

  private void stream(HttpExchange exchange, List<byte[]> events, boolean slow) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.amazon.eventstream");
    exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-request-id");
    exchange.sendResponseHeaders(200, 0);
    ByteArrayOutputStream sent = new ByteArrayOutputStream();
    try (OutputStream out = exchange.getResponseBody()) {
      for (byte[] event : events) {
        sent.writeBytes(event);
        out.write(event);
        out.flush();
        if (slow) {
          pause();
        }
      }
    } finally {
      sentBodies.add(sha256(sent.toByteArray()));
    }
  }

  private void send(HttpExchange exchange, int status, String type, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.getResponseHeaders().add("x-amzn-RequestId", "fake-request-id");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    if (recording) {
      sentBodies.add(sha256(bytes));
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
