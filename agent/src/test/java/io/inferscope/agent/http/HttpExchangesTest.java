package io.inferscope.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.llm.GenAiSettings;
import io.inferscope.agent.llm.GenAiTelemetry;
import io.inferscope.agent.llm.LlmExchanges;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exchange core every HTTP client hook shares, fed with bytes the way the hooks feed it (in
 * pieces, as arrays, views and an output stream), on the real SDK with an in-memory exporter.
 */
class HttpExchangesTest {
  private static final String CHAT = "/v1/chat/completions";
  private static final byte[] REQUEST = bytes("{\"model\":\"m\",\"max_tokens\":7}");
  private static final String BODY = "{\"id\":\"r1\",\"model\":\"m-1\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"Hi\"},"
      + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}";
  private static final String SSE = "data: {\"id\":\"c1\",\"model\":\"m-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
      + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}\n\n"
      + "data: [DONE]\n\n";
  private static final String NDJSON = "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n"
      + "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"!\"},\"done\":false}\n"
      + "{\"model\":\"llama3\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
      + "\"prompt_eval_count\":4,\"eval_count\":2}\n";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final HttpExchanges exchanges = new HttpExchanges(
      List.of(new LlmExchanges(new GenAiTelemetry(sdk, "test", new GenAiSettings(false, 0, 1024, false)))),
      new TracePropagation(sdk.getPropagators().getTextMapPropagator()));

  @AfterEach
  void close() {
    sdk.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private HttpExchange start(String path) {
    return exchanges.start(Context.root(), "POST", "127.0.0.1", 8000, path, () -> REQUEST);
  }

  private SpanData onlySpan() {
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(1, ended.size(), ended::toString);
    return ended.get(0);
  }

  private static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  private static Long number(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.longKey(key));
  }

  @Test
  void onlyKnownLlmRequestsAreObservedAndOnlyTheirBodiesAreRead() {
    AtomicInteger bodyReads = new AtomicInteger();
    Supplier<byte[]> body = () -> {
      bodyReads.incrementAndGet();
      return REQUEST;
    };
    assertTrue(exchanges.observes("POST", "127.0.0.1", 8000, CHAT));
    assertEquals(1024, exchanges.maxRequestBytes("POST", "127.0.0.1", 8000, CHAT));
    assertFalse(exchanges.observes("GET", "127.0.0.1", 8000, CHAT));
    assertFalse(exchanges.observes("POST", "127.0.0.1", 8000, "/orders"));
    assertEquals(0, exchanges.maxRequestBytes("POST", "127.0.0.1", 8000, "/orders"));
    assertNull(exchanges.start(Context.root(), "POST", "127.0.0.1", 8000, "/orders", body));
    assertNull(exchanges.start(Context.root(), "GET", "127.0.0.1", 8000, CHAT, body));
    assertEquals(0, bodyReads.get(), "a request that is not observed never has its body read");
    assertNotNull(exchanges.start(Context.root(), "POST", "127.0.0.1", 8000, CHAT, body));
    assertEquals(1, bodyReads.get());
  }

  @Test
  void aJsonBodyWrittenThroughTheBodyStreamInPiecesIsReadWhole() throws IOException {
    HttpExchange exchange = start(CHAT);
    exchange.responseStarted(200, "application/json", null);
    OutputStream out = exchange.bodyStream();
    byte[] body = bytes(BODY);
    out.write(body, 0, 10);
    out.write(body[10]);
    out.write(body, 11, body.length - 11);
    exchange.completed();
    SpanData span = onlySpan();
    assertEquals("m-1", attr(span, "gen_ai.response.model"));
    assertEquals(7L, number(span, "gen_ai.request.max_tokens"));
    assertEquals(5L, number(span, "gen_ai.usage.input_tokens"));
    assertEquals(2L, number(span, "gen_ai.usage.output_tokens"));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
  }

  @Test
  void anNdjsonStreamFedAsDirectBuffersEndsCompletedWithItsChunks() {
    HttpExchange exchange = start("/api/chat");
    exchange.responseStarted(200, "application/x-ndjson", null);
    byte[] stream = bytes(NDJSON);
    for (int i = 0; i < stream.length; i += 7) {
      ByteBuffer direct = ByteBuffer.allocateDirect(Math.min(7, stream.length - i));
      direct.put(stream, i, direct.capacity()).flip();
      exchange.responseBytes(direct);
      assertEquals(0, direct.position(), "the client's buffer is read in place, its position untouched");
    }
    exchange.completed();
    SpanData span = onlySpan();
    assertEquals("ollama", attr(span, "gen_ai.provider.name"));
    assertEquals("completed", attr(span, "inferscope.stream.outcome"));
    assertEquals(2L, number(span, "inferscope.stream.chunks"));
    assertEquals(4L, number(span, "gen_ai.usage.input_tokens"));
  }

  @Test
  void aGzipBodyIsDecodedAtItsEnd() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
      gzip.write(bytes(BODY));
    }
    HttpExchange exchange = start(CHAT);
    exchange.responseStarted(200, "application/json", "gzip");
    byte[] body = zipped.toByteArray();
    exchange.responseBytes(body, 0, 5);
    exchange.responseBytes(body, 5, body.length - 5);
    exchange.completed();
    assertEquals(5L, number(onlySpan(), "gen_ai.usage.input_tokens"));
  }

  @Test
  void aBodyLargerThanTheCapIsLeftUnreadAndNotCalledMalformed() {
    HttpExchange exchange = start(CHAT);
    exchange.responseStarted(200, "application/json", null);
    byte[] big = bytes("{\"pad\":\"" + "x".repeat(2000) + "\"," + BODY.substring(1));
    exchange.responseBytes(big, 0, big.length);
    exchange.completed();
    SpanData span = onlySpan();
    assertNull(number(span, "gen_ai.usage.input_tokens"), "past the 1024-byte cap nothing is read");
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), span::toString);
  }

  @Test
  void aStreamClosedAfterItsEndMarkerIsCompletedAndBeforeItCancelled() {
    HttpExchange done = start(CHAT);
    done.responseStarted(200, "text/event-stream", null);
    done.responseBytes(bytes(SSE), 0, bytes(SSE).length);
    done.cancelled();
    assertEquals("completed", attr(onlySpan(), "inferscope.stream.outcome"));
    spans.reset();

    HttpExchange early = start(CHAT);
    early.responseStarted(200, "text/event-stream", null);
    byte[] half = bytes(SSE.substring(0, SSE.indexOf("\n\n") + 2));
    early.responseBytes(half, 0, half.length);
    early.cancelled();
    SpanData span = onlySpan();
    assertEquals("cancelled", attr(span, "inferscope.stream.outcome"));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), "an early close is the application's choice, not an error");
  }

  @Test
  void anErrorStatusEndsTheSpanAsThatStatusAndTheSpanEndsOnce() {
    HttpExchange exchange = start(CHAT);
    exchange.responseStarted(429, "application/json", null);
    byte[] body = bytes("{\"error\":{\"type\":\"rate_limit_exceeded\"}}");
    exchange.responseBytes(body, 0, body.length);
    exchange.completed();
    exchange.failed(new IllegalStateException("a late failure after the end"));
    exchange.cancelled();
    SpanData span = onlySpan();
    assertEquals("429", attr(span, "error.type"));
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
  }

  @Test
  void theTraceHeadersPointAtTheExchangesSpan() {
    HttpExchange exchange = start(CHAT);
    String[] headers = exchanges.propagation().headers(exchange.context());
    exchange.failed(new java.net.ConnectException("refused"));
    SpanData span = onlySpan();
    assertEquals("traceparent", headers[0]);
    assertTrue(headers[1].startsWith("00-" + span.getTraceId() + "-" + span.getSpanId() + "-"), headers[1]);
    assertEquals("java.net.ConnectException", attr(span, "error.type"));
  }

  /** A kind with a bug of ours is contained: the request is simply not observed. */
  @Test
  void aKindThatFailsIsContainedAndTheRequestIsLeftAlone() {
    HttpExchangeKind broken = new HttpExchangeKind() {
      @Override
      public boolean observes(String method, String host, int port, String path) {
        throw new OutOfMemoryError("simulated");
      }

      @Override
      public int maxRequestBytes() {
        return 1;
      }

      @Override
      public HttpExchange start(Context parent, String method, String host, int port, String path, Supplier<byte[]> body) {
        throw new IllegalStateException("never reached");
      }
    };
    HttpExchanges withBroken = new HttpExchanges(List.of(broken), exchanges.propagation());
    assertFalse(withBroken.observes("POST", "127.0.0.1", 8000, CHAT));
    assertNull(withBroken.start(Context.root(), "POST", "127.0.0.1", 8000, CHAT, () -> REQUEST));
  }
}
