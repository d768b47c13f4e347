package io.inferscope.agent.ml.remote;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.ml.InferenceTelemetry;
import io.inferscope.agent.stream.StreamWatchdog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The remote prediction exchange fed with bytes, on the real SDK with in-memory exporters: what the span
 * and the metrics say for answers, errors, failures, hostile bodies, and that nothing escapes into the
 * thread that feeds it (an HTTP client's).
 */
class ModelServerExchangeTest {
  private static final String KSERVE_REQUEST = "{\"id\":\"1\",\"inputs\":[{\"name\":\"INPUT0\",\"shape\":[4,3],\"datatype\":\"FP32\","
      + "\"data\":[1,2,3,4,5,6,7,8,9,10,11,12]}]}";
  private static final String KSERVE_ANSWER = "{\"model_name\":\"resnet\",\"model_version\":\"7\",\"id\":\"1\",\"outputs\":["
      + "{\"name\":\"OUTPUT0\",\"shape\":[4,2],\"datatype\":\"FP32\",\"data\":[0.1,0.9,0.2,0.8,0.3,0.7,0.4,0.6]},"
      + "{\"name\":\"LABELS\",\"shape\":[4],\"datatype\":\"BYTES\",\"data\":[\"a\",\"b\",\"c\",\"d\"]}]}";
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  private final ModelServerExchanges kind =
      new ModelServerExchanges(new InferenceTelemetry(sdk, "test"), new ModelServerSettings(1 << 16));

  @AfterEach
  void close() {
    sdk.close();
  }

  private HttpExchange start(String path, String request) {
    return start(Context.root(), path, request == null ? null : request.getBytes(StandardCharsets.UTF_8));
  }

  private HttpExchange start(Context parent, String path, byte[] request) {
    assertTrue(kind.observes("POST", "models.internal", 8000, path), path);
    HttpExchange exchange = kind.start(parent, "POST", "models.internal", 8000, path, () -> request);
    assertNotNull(exchange, path);
    return exchange;
  }

  private static void answer(HttpExchange exchange, int status, String contentType, byte[] body, int piece) {
    exchange.responseStarted(status, contentType, null);
    for (int i = 0; i < body.length; i += piece) {
      exchange.responseBytes(ByteBuffer.wrap(body, i, Math.min(piece, body.length - i)).slice());
    }
    exchange.completed();
  }

  private static void answer(HttpExchange exchange, int status, String body) {
    answer(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8), 7);
  }

  private SpanData onlySpan() {
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(1, ended.size(), ended::toString);
    return ended.get(0);
  }

  private static Object attr(SpanData span, String key) {
    return span.getAttributes().asMap().entrySet().stream().filter(e -> e.getKey().getKey().equals(key))
        .map(Map.Entry::getValue).findFirst().orElse(null);
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static Map<String, Object> asMap(Attributes attributes) {
    Map<String, Object> map = new TreeMap<>();
    attributes.forEach((k, v) -> map.put(k.getKey(), v));
    return map;
  }

  @Test
  void aKserveAnswerIsOneClientPredictSpanWithTheLocalMetrics() {
    HttpExchange exchange = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    answer(exchange, 200, KSERVE_ANSWER);
    SpanData span = onlySpan();
    assertEquals("predict resnet", span.getName());
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    assertEquals(Map.of(
        "ml.operation", "predict", "ml.framework", "kserve", "ml.model.name", "resnet", "ml.model.version", "7",
        "ml.batch.size", 4L, "ml.input.names", List.of("INPUT0"), "ml.input.shapes", List.of("[4,3]"),
        "ml.output.names", List.of("OUTPUT0", "LABELS"), "server.address", "models.internal", "server.port", 8000L),
        asMap(span.getAttributes()));

    Map<String, Object> local = Map.of("ml.operation", "predict", "ml.framework", "kserve", "ml.model.name", "resnet");
    HistogramPointData duration = metric("ml.inference.duration").getHistogramData().getPoints().iterator().next();
    assertEquals(local, asMap(duration.getAttributes()), "the attributes of a local prediction's metrics");
    assertEquals(1, duration.getCount());
    HistogramPointData batch = metric("ml.inference.batch.size").getHistogramData().getPoints().iterator().next();
    assertEquals(4.0, batch.getSum());
    LongPointData active = metric("ml.inference.active").getLongSumData().getPoints().iterator().next();
    assertEquals(local, asMap(active.getAttributes()));
    assertEquals(0, active.getValue(), "no call in flight once it ended");
  }

  @Test
  void theVersionInThePathWinsAndTheRequestedOutputsAreTheOnesNamed() {
    HttpExchange exchange = start("/v2/models/resnet/versions/3/infer",
        KSERVE_REQUEST.replace("]}]}", "]}],\"outputs\":[{\"name\":\"OUTPUT0\"}]}"));
    answer(exchange, 200, KSERVE_ANSWER);
    SpanData span = onlySpan();
    assertEquals("3", attr(span, "ml.model.version"));
    assertEquals(List.of("OUTPUT0"), attr(span, "ml.output.names"));
  }

  @Test
  void aTensorFlowServingCallInBothFormats() {
    answer(start("/v1/models/half_plus_two/versions/2:predict", "{\"instances\":[1.0,2.0,5.0]}"), 200, "{\"predictions\":[2.5,3.0,4.5]}");
    answer(start("/v1/models/census:classify", "{\"inputs\":{\"age\":[[25],[40]],\"income\":[[1],[2]]}}"), 200,
        "{\"outputs\":{\"scores\":[[0.2],[0.7]]}}");
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(2, ended.size());
    assertEquals("predict half_plus_two", ended.get(0).getName());
    assertEquals("tfserving", attr(ended.get(0), "ml.framework"));
    assertEquals("2", attr(ended.get(0), "ml.model.version"));
    assertEquals(3L, attr(ended.get(0), "ml.batch.size"));
    assertEquals("predict census", ended.get(1).getName());
    assertEquals(2L, attr(ended.get(1), "ml.batch.size"));
    assertNull(attr(ended.get(1), "ml.model.version"));
    assertTrue(ended.stream().allMatch(s -> s.getStatus().getStatusCode() == StatusCode.UNSET), ended::toString);
  }

  /** The status code is the error type; only the start of the server's message reaches the span. */
  @Test
  void anHttpErrorIsAnErrorWithTheStatusCodeAndABoundedMessage() {
    String secretTail = "x".repeat(500) + "TAIL-NOT-COPIED";
    HttpExchange exchange = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    answer(exchange, 400, "{\"error\":\"unexpected shape for input 'INPUT0' for model 'resnet'. " + secretTail + "\"}");
    SpanData span = onlySpan();
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("400", attr(span, "error.type"));
    String description = span.getStatus().getDescription();
    assertTrue(description.startsWith("HTTP 400: unexpected shape for input 'INPUT0'"), description);
    assertTrue(description.length() <= "HTTP 400: ".length() + InferResponse.MAX_ERROR_LENGTH, description);
    assertTrue(!description.contains("TAIL-NOT-COPIED"), description);
    HistogramPointData duration = metric("ml.inference.duration").getHistogramData().getPoints().iterator().next();
    assertEquals("400", duration.getAttributes().get(ERROR_TYPE));

    spans.reset();
    answer(start("/v1/models/m:predict", "{\"instances\":[1]}"), 503, "text/html", "<html>Service Unavailable</html>".getBytes(StandardCharsets.UTF_8), 5);
    SpanData proxy = onlySpan();
    assertEquals("503", attr(proxy, "error.type"));
    assertEquals("HTTP 503", proxy.getStatus().getDescription(), "a body that is no JSON error adds nothing");
  }

  @Test
  void aFailureBeforeAnyAnswerIsAnErrorOfItsClass() {
    HttpExchange exchange = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    exchange.failed(new ConnectException("Connection refused"));
    SpanData span = onlySpan();
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("java.net.ConnectException", attr(span, "error.type"));
    assertEquals("error", attr(span, "inferscope.stream.outcome"));
    assertEquals(1, span.getEvents().stream().filter(e -> e.getName().equals("exception")).count());
    assertEquals(4L, attr(span, "ml.batch.size"), "the request was described all the same");
  }

  /** A 2xx answer read to its end that is not one JSON object is recorded as such. */
  @Test
  void malformedAndTruncatedAnswersAreRecordedAsSuch() {
    // (Bytes after one whole object are not judged: Triton's binary extension sends tensors there.)
    for (String body : new String[] {"not json", "[1,2]", "{\"outputs\":[{\"name\":\"o\"", "", "42", "{\"a\":"}) {
      spans.reset();
      answer(start("/v2/models/resnet/infer", KSERVE_REQUEST), 200, body);
      SpanData span = onlySpan();
      assertEquals(ModelServerExchange.MALFORMED, attr(span, "error.type"), body);
      assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode(), body);
    }
  }

  /** Past the cap, or nested past the scanner, what the answer held is unknown: no verdict, what was read before stays. */
  @Test
  void hugeAndDeepAnswersAreBoundedAndNotJudged() {
    String huge = "{\"model_version\":\"5\",\"outputs\":[{\"name\":\"big\",\"data\":[" + "1,".repeat(200_000) + "1]}]}";
    answer(start("/v2/models/resnet/infer", KSERVE_REQUEST), 200, "application/json", huge.getBytes(StandardCharsets.UTF_8), 8192);
    SpanData span = onlySpan();
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), span::toString);
    assertEquals("5", attr(span, "ml.model.version"));
    assertEquals(List.of("big"), attr(span, "ml.output.names"));

    spans.reset();
    String deep = "{\"outputs\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    answer(start("/v2/models/resnet/infer", KSERVE_REQUEST), 200, "application/json", deep.getBytes(StandardCharsets.UTF_8), 4096);
    assertEquals(StatusCode.UNSET, onlySpan().getStatus().getStatusCode());
  }

  @Test
  void aRequestLargerThanTheCapIsNotRead() {
    String big = "{\"inputs\":[{\"name\":\"x\",\"shape\":[9],\"data\":[" + "1,".repeat(70_000) + "1]}]}";
    answer(start("/v2/models/resnet/infer", big), 200, KSERVE_ANSWER);
    SpanData span = onlySpan();
    assertNull(attr(span, "ml.batch.size"), span::toString);
    assertEquals(List.of("OUTPUT0", "LABELS"), attr(span, "ml.output.names"));
  }

  @Test
  void aGzipAnswerAndTritonsBinaryExtensionAreRead() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(zipped)) {
      zip.write(KSERVE_ANSWER.getBytes(StandardCharsets.UTF_8));
    }
    HttpExchange gzip = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    gzip.responseStarted(200, "application/json", "gzip");
    byte[] bytes = zipped.toByteArray();
    gzip.responseBytes(bytes, 0, 10);
    gzip.responseBytes(bytes, 10, bytes.length - 10);
    gzip.completed();
    SpanData span = onlySpan();
    assertEquals("7", attr(span, "ml.model.version"));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());

    spans.reset();
    byte[] header = "{\"model_name\":\"resnet\",\"outputs\":[{\"name\":\"OUT\",\"shape\":[2],\"datatype\":\"FP32\",\"parameters\":{\"binary_data_size\":8}}]}"
        .getBytes(StandardCharsets.UTF_8);
    byte[] binary = new byte[header.length + 8];
    System.arraycopy(header, 0, binary, 0, header.length);
    binary[header.length] = (byte) 0xFF;
    answer(start("/v2/models/resnet/infer", KSERVE_REQUEST), 200, "application/octet-stream", binary, 16);
    SpanData triton = onlySpan();
    assertEquals(StatusCode.UNSET, triton.getStatus().getStatusCode(), "binary data after a whole JSON header is no malformed answer");
    assertEquals(List.of("OUT"), attr(triton, "ml.output.names"));
  }

  @Test
  void aBodyClosedEarlyIsCancelledAndOneReadToItsLastBraceIsComplete() {
    HttpExchange early = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    early.responseStarted(200, "application/json", null);
    early.responseBytes(KSERVE_ANSWER.getBytes(StandardCharsets.UTF_8), 0, 20);
    early.cancelled();
    SpanData cancelled = onlySpan();
    assertEquals("cancelled", attr(cancelled, "inferscope.stream.outcome"));
    assertEquals(StatusCode.UNSET, cancelled.getStatus().getStatusCode());

    spans.reset();
    HttpExchange whole = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    whole.responseStarted(200, "application/json", null);
    byte[] bytes = KSERVE_ANSWER.getBytes(StandardCharsets.UTF_8);
    whole.responseBytes(bytes, 0, bytes.length);
    whole.cancelled();
    SpanData complete = onlySpan();
    assertNull(attr(complete, "inferscope.stream.outcome"), complete::toString);
    assertEquals("7", attr(complete, "ml.model.version"));
  }

  @Test
  void theCallEndsOnceWhateverEndsItAndIsAChildOfTheCallersSpan() {
    Tracer tracer = sdk.getTracer("app");
    Span parent = tracer.spanBuilder("handle request").startSpan();
    HttpExchange exchange = start(Context.root().with(parent), "/v2/models/resnet/infer", KSERVE_REQUEST.getBytes(StandardCharsets.UTF_8));
    assertEquals(Span.fromContext(exchange.context()).getSpanContext().getTraceId(), parent.getSpanContext().getTraceId());
    answer(exchange, 200, KSERVE_ANSWER);
    exchange.failed(new IllegalStateException("late"));
    exchange.cancelled();
    exchange.completed();
    parent.end();
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(2, ended.size(), ended::toString);
    SpanData predict = ended.get(0);
    assertEquals("predict resnet", predict.getName());
    assertEquals(parent.getSpanContext().getSpanId(), predict.getParentSpanId());
    assertEquals(Span.fromContext(exchange.context()).getSpanContext().getSpanId(), predict.getSpanId(), "its context is the predict span's");
    assertEquals(StatusCode.UNSET, predict.getStatus().getStatusCode());
    assertEquals(1, metric("ml.inference.duration").getHistogramData().getPoints().iterator().next().getCount());
  }

  /** Bad arguments from a client are our failure to contain: inspection stops, the span still ends, and says so. */
  @Test
  void aFailureWhileInspectingNeverEscapesAndTheSpanEndsMarked() {
    HttpExchange exchange = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    exchange.responseStarted(200, "application/json", null);
    assertDoesNotThrow(() -> exchange.responseBytes((ByteBuffer) null));
    assertDoesNotThrow(() -> exchange.responseBytes(null, 0, 5));
    assertDoesNotThrow(() -> exchange.responseBytes(new byte[3], 2, 50));
    assertDoesNotThrow(() -> exchange.bodyStream().write(KSERVE_ANSWER.getBytes(StandardCharsets.UTF_8)));
    assertDoesNotThrow(exchange::completed);
    SpanData span = onlySpan();
    assertEquals(ModelServerExchange.INSPECTION_FAILED, attr(span, "error.type"), span::toString);
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
  }

  /**
   * HttpURLConnection sends the headers (with the trace header) before the application writes its body:
   * the exchange starts without one and learns it later, once; a body given at the start wins.
   */
  @Test
  void aRequestBodyGivenAfterTheStartDescribesTheCallOnce() {
    HttpExchange exchange = start(Context.root(), "/v2/models/resnet/infer", null);
    byte[] request = KSERVE_REQUEST.replace("]}]}", "]}],\"outputs\":[{\"name\":\"OUTPUT0\"}]}").getBytes(StandardCharsets.UTF_8);
    byte[] padded = new byte[request.length + 10];
    System.arraycopy(request, 0, padded, 0, request.length);
    exchange.requestBody(padded, request.length);
    exchange.requestBody("{\"inputs\":[{\"name\":\"later\",\"shape\":[99]}]}".getBytes(StandardCharsets.UTF_8), 40);
    answer(exchange, 200, KSERVE_ANSWER);
    SpanData span = onlySpan();
    assertEquals(4L, attr(span, "ml.batch.size"));
    assertEquals(List.of("INPUT0"), attr(span, "ml.input.names"));
    assertEquals(List.of("OUTPUT0"), attr(span, "ml.output.names"), "the outputs asked for, not all the answer returned");
    assertEquals(4.0, metric("ml.inference.batch.size").getHistogramData().getPoints().iterator().next().getSum());

    spans.reset();
    HttpExchange given = start("/v2/models/resnet/infer", KSERVE_REQUEST);
    given.requestBody("{\"inputs\":[{\"name\":\"later\",\"shape\":[99]}]}".getBytes(StandardCharsets.UTF_8), 40);
    assertDoesNotThrow(() -> given.requestBody(null, 5));
    answer(given, 200, KSERVE_ANSWER);
    assertEquals(4L, attr(onlySpan(), "ml.batch.size"), "the body given at the start counts");
  }

  /**
   * The idle clock starts with the answer: a model that takes longer than the idle timeout to answer is
   * slow, not abandoned. Here the answer comes 3.2 s after the request with a 3 s timeout, and the body is
   * then left 1.2 s (more than the watchdog's period, at most 1 s) before it is read.
   */
  @Test
  void anAnswerLaterThanTheIdleTimeoutIsNotAbandonedOnArrival() throws InterruptedException {
    long before = StreamWatchdog.idleTimeoutMillis();
    StreamWatchdog.configure(3_000, StreamWatchdog.DEFAULT_MAX_OPEN);
    try {
      HttpExchange exchange = start("/v2/models/resnet/infer", KSERVE_REQUEST);
      Thread.sleep(3_200);
      exchange.responseStarted(200, "application/json", null);
      Thread.sleep(1_200);
      assertTrue(spans.getFinishedSpanItems().isEmpty(), () -> "ended before its body was read: " + spans.getFinishedSpanItems());
      byte[] bytes = KSERVE_ANSWER.getBytes(StandardCharsets.UTF_8);
      exchange.responseBytes(bytes, 0, bytes.length);
      exchange.completed();
      SpanData span = onlySpan();
      assertNull(attr(span, "inferscope.stream.outcome"), span::toString);
      assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
    } finally {
      StreamWatchdog.configure(before, StreamWatchdog.DEFAULT_MAX_OPEN);
    }
  }

  /** A request that is no prediction is left alone, and so is one the kind refuses at start. */
  @Test
  void otherRequestsAreNotObserved() {
    assertTrue(!kind.observes("GET", "h", 80, "/v2/models/resnet/infer"));
    assertTrue(!kind.observes("POST", "h", 80, "/v2/models/resnet/ready"));
    assertNull(kind.start(Context.root(), "POST", "h", 80, "/api/users", () -> {
      throw new AssertionError("the body of a request that is not observed is never read");
    }));
    assertTrue(spans.getFinishedSpanItems().isEmpty());
  }
}
