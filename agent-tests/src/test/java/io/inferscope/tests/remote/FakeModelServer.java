package io.inferscope.tests.remote;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.inferscope.tests.llm.fake.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

/**
 * An in-process fake of a model server on 127.0.0.1 and an ephemeral port, speaking the two REST
 * protocols remote inference is recognised by: the Open Inference Protocol (KServe v2 / Triton,
 * {@code POST /v2/models/{model}[/versions/{v}]/infer}) and TensorFlow Serving
 * ({@code POST /v1/models/{model}[/versions/{v}|/labels/{l}]:predict|classify|regress}). It answers
 * from the request, as the real servers do: one output row per input row (the batch), the version
 * asked for (else {@code 1}). Model {@code missing} is unknown (404 with the protocol's {@code error}
 * body); model {@code broken} answers 200 with a body cut off mid-JSON. Anything else (a health check,
 * an application's own API) gets a small plain answer. A client that accepts gzip gets gzip, as a
 * server with compression on gives it.
 *
 * <p>Every request is recorded with what was sent back, so a test can check that the application
 * received exactly the server's bytes and that the server received exactly the application's.
 */
final class FakeModelServer implements AutoCloseable {
  private static final Pattern KSERVE = Pattern.compile(".*/v2/models/([^/]+)(?:/versions/([^/]+))?/infer");
  private static final Pattern TF_SERVING =
      Pattern.compile(".*/v1/models/([^/:]+)(?:/versions/([^/:]+)|/labels/([^/:]+))?:(predict|classify|regress)");

  /** One request and its answer (the answer's bytes before any compression). */
  record Exchange(String method, String rawPath, String query, Map<String, List<String>> headers, byte[] requestBody,
      int status, byte[] responseBody, boolean gzipped) {
    String header(String name) {
      List<String> values = headers.get(name);
      return values == null ? null : values.get(0);
    }

    List<String> headers(String name) {
      return headers.getOrDefault(name, List.of());
    }

    String requestText() {
      return new String(requestBody, StandardCharsets.UTF_8);
    }

    String responseSha256() {
      return sha256(responseBody);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "fake-model-server");
    t.setDaemon(true);
    return t;
  });
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final AtomicInteger predictions = new AtomicInteger();
  /** When each delayed answer's wait began, in epoch nanoseconds (the clock spans are stamped with). */
  private final List<Long> delayedAt = new CopyOnWriteArrayList<>();
  private volatile int delayFirst;
  private volatile int delayEvery;
  private volatile long delayMillis;

  static {
    // The JDK's server writes the status line and the body apart: without this, Nagle's algorithm holds the
    // body until the client's delayed ACK (about 40 ms per call). Read once, when the first server starts.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private FakeModelServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static FakeModelServer start() {
    try {
      return new FakeModelServer();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake model server", e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return server.getAddress().getPort();
  }

  /**
   * From now on the {@code first}-th prediction and every {@code every}-th after it wait {@code millis}
   * before they are answered, whatever their model: slow calls among normal calls of the same model.
   */
  void delay(int first, int every, long millis) {
    delayMillis = millis;
    delayFirst = first;
    delayEvery = every;
    predictions.set(0);
  }

  /** When each delayed answer's wait began (epoch ns): a span covering one of these plus the delay was a late call. */
  List<Long> delayedAt() {
    return List.copyOf(delayedAt);
  }

  /** Every request so far, in arrival order. */
  List<Exchange> exchanges() {
    return List.copyOf(exchanges);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      byte[] request = http.getRequestBody().readAllBytes();
      String path = http.getRequestURI().getRawPath();
      String method = http.getRequestMethod();
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      http.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
      Answer answer;
      Matcher kserve = KSERVE.matcher(path);
      Matcher tf = TF_SERVING.matcher(path);
      if ((kserve.matches() || tf.matches()) && method.equals("POST")) {
        delay();
      }
      if (method.equals("POST") && kserve.matches()) {
        answer = kserve(decode(kserve.group(1)), kserve.group(2), request);
      } else if (method.equals("POST") && tf.matches()) {
        answer = tfServing(decode(tf.group(1)), request);
      } else {
        answer = new Answer(200, "text/plain", ("ok " + method + " " + path).getBytes(StandardCharsets.UTF_8));
      }
      String accepts = http.getRequestHeaders().getFirst("Accept-Encoding");
      boolean gzip = accepts != null && accepts.toLowerCase(Locale.ROOT).contains("gzip") && answer.body.length > 0;
      exchanges.add(new Exchange(method, path, http.getRequestURI().getRawQuery(), headers, request, answer.status, answer.body, gzip));
      byte[] wire = gzip ? gzip(answer.body) : answer.body;
      http.getResponseHeaders().add("Content-Type", answer.contentType);
      if (gzip) {
        http.getResponseHeaders().add("Content-Encoding", "gzip");
      }
      http.sendResponseHeaders(answer.status, wire.length == 0 ? -1 : wire.length);
      if (wire.length > 0) {
        try (OutputStream out = http.getResponseBody()) {
          out.write(wire);
        }
      }
    }
  }

  private void delay() {
    int every = delayEvery;
    int call = predictions.incrementAndGet();
    if (every > 0 && call >= delayFirst && (call - delayFirst) % every == 0) {
      Instant now = Instant.now();
      delayedAt.add(now.getEpochSecond() * 1_000_000_000L + now.getNano());
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // close() interrupted the wait; the answer is cut short
      }
    }
  }

  private record Answer(int status, String contentType, byte[] body) {}

  private static Answer json(int status, String body) {
    return new Answer(status, "application/json", body.getBytes(StandardCharsets.UTF_8));
  }

  /** One FP32 output of two scores per row of the first input, and the outputs asked for (else OUTPUT0). */
  @SuppressWarnings("unchecked")
  private static Answer kserve(String model, String version, byte[] request) {
    if (model.equals("missing")) {
      return json(404, "{\"error\":\"Request for unknown model: 'missing' is not found\"}");
    }
    if (model.equals("broken")) {
      return json(200, "{\"model_name\":\"broken\",\"model_version\":\"1\",\"outputs\":[{\"name\":\"OUT");
    }
    Map<String, Object> body = (Map<String, Object>) Json.parse(new String(request, StandardCharsets.UTF_8));
    List<Object> inputs = (List<Object>) body.get("inputs");
    long rows = ((Number) ((List<Object>) ((Map<String, Object>) inputs.get(0)).get("shape")).get(0)).longValue();
    StringBuilder out = new StringBuilder("{\"model_name\":\"").append(model).append("\",\"model_version\":\"")
        .append(version == null ? "1" : version).append('"');
    if (body.get("id") != null) {
      out.append(",\"id\":\"").append(body.get("id")).append('"');
    }
    out.append(",\"outputs\":[");
    List<Object> asked = body.get("outputs") == null ? List.of(Map.of("name", "OUTPUT0")) : (List<Object>) body.get("outputs");
    for (int o = 0; o < asked.size(); o++) {
      out.append(o == 0 ? "" : ",").append("{\"name\":\"").append(((Map<String, Object>) asked.get(o)).get("name"))
          .append("\",\"datatype\":\"FP32\",\"shape\":[").append(rows).append(",2],\"data\":[");
      for (long r = 0; r < rows; r++) {
        out.append(r == 0 ? "" : ",").append(0.25 + r % 2 * 0.5).append(',').append(0.75 - r % 2 * 0.5);
      }
      out.append("]}");
    }
    return json(200, out.append("]}").toString());
  }

  /** One prediction per instance (row format) or one output column of the inputs' length (columnar). */
  @SuppressWarnings("unchecked")
  private static Answer tfServing(String model, byte[] request) {
    if (model.equals("missing")) {
      return json(404, "{ \"error\": \"Servable not found for request: Latest(missing)\" }");
    }
    Map<String, Object> body = (Map<String, Object>) Json.parse(new String(request, StandardCharsets.UTF_8));
    if (body.get("instances") instanceof List<?> instances) {
      StringBuilder out = new StringBuilder("{\n    \"predictions\": [");
      for (int i = 0; i < instances.size(); i++) {
        out.append(i == 0 ? "" : ", ").append(2.5 + i);
      }
      return json(200, out.append("\n    ]\n}").toString());
    }
    Object inputs = body.get("inputs");
    Object first = inputs instanceof Map<?, ?> named ? named.values().iterator().next() : inputs;
    int rows = first instanceof List<?> list ? list.size() : 1;
    StringBuilder out = new StringBuilder("{\"outputs\":{\"scores\":[");
    for (int i = 0; i < rows; i++) {
      out.append(i == 0 ? "" : ",").append("[0.").append(i + 1).append(']');
    }
    return json(200, out.append("]}}").toString());
  }

  private static String decode(String segment) {
    return java.net.URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
