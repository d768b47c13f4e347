package io.inferscope.agent.llm;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.inferscope.agent.stream.StreamOutcome;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The exchange and call core fed with bytes, on the real SDK with an in-memory exporter: what the
 * span says, and that no failure of ours escapes into the thread that feeds it (an HTTP client's).
 */
class LlmHttpExchangeTest {
  private static final String STREAM = "data: {\"id\":\"c1\",\"model\":\"m-1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"
      + "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" there\"},\"finish_reason\":\"stop\"}]}\n\n"
      + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":2}}\n\n"
      + "data: [DONE]\n\n";
  private static final byte[] REQUEST = "{\"model\":\"m\",\"stream\":true}".getBytes(StandardCharsets.UTF_8);

  private static final String GEMINI_STREAM = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"index\":0}]}\n\n"
      + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" there\"}]},\"finishReason\":\"STOP\",\"index\":0}],"
      + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2}}\n\n";
  private static final byte[] GEMINI_REQUEST = "{\"contents\":[{\"parts\":[{\"text\":\"hello\"}]}]}".getBytes(StandardCharsets.UTF_8);
  private static final URI STREAM_URI = URI.create("http://127.0.0.1:8000/v1beta/models/g:streamGenerateContent?alt=sse");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .build();
  private final GenAiTelemetry telemetry = new GenAiTelemetry(sdk, "test", new GenAiSettings(false, 0, 1 << 20, false));

  @AfterEach
  void close() {
    sdk.close();
  }

  private LlmHttpExchange exchange() {
    return LlmHttpExchange.start(telemetry, Context.root(), "POST", URI.create("http://127.0.0.1:8000/v1/chat/completions"), () -> REQUEST);
  }

  private SpanData onlySpan() {
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(1, ended.size(), ended::toString);
    return ended.get(0);
  }

  @Test
  void aStreamFedInPiecesOfOneByteIsReadWhole() {
    LlmHttpExchange exchange = exchange();
    exchange.responseStarted(200, "text/event-stream; charset=utf-8", null);
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      exchange.responseBytes(ByteBuffer.wrap(bytes, i, 1).slice());
    }
    exchange.completed();
    SpanData span = onlySpan();
    assertEquals(SpanKind.CLIENT, span.getKind());
    assertEquals("m-1", span.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model")));
    assertEquals(List.of("stop"), span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
    assertEquals(5L, span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")));
    assertEquals(2L, span.getAttributes().get(AttributeKey.longKey("inferscope.stream.chunks")));
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());
  }

  /** A bad argument from a client is our failure to contain: inspection stops, the span still ends, and says so. */
  @Test
  void aFailureWhileInspectingNeverEscapesAndTheSpanEndsMarkedNotInspected() {
    LlmHttpExchange exchange = exchange();
    exchange.responseStarted(200, "text/event-stream", null);
    byte[] first = STREAM.substring(0, 40).getBytes(StandardCharsets.UTF_8);
    exchange.responseBytes(ByteBuffer.wrap(first));
    assertDoesNotThrow(() -> exchange.responseBytes((ByteBuffer) null));
    assertDoesNotThrow(() -> exchange.responseBytes(null, 0, 5));
    exchange.responseBytes(ByteBuffer.wrap(STREAM.substring(40).getBytes(StandardCharsets.UTF_8)));
    exchange.completed();
    SpanData span = onlySpan();
    assertEquals("inspection_failed", span.getAttributes().get(AttributeKey.stringKey("error.type")), span::toString);
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
    assertEquals("completed", span.getAttributes().get(AttributeKey.stringKey("inferscope.stream.outcome")));
    assertNull(span.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")), "nothing half-read is reported");
  }

  /**
   * A client that sends the headers before the application writes the body (HttpURLConnection) starts
   * the exchange without one: the body, given later, names the span and sets the request's attributes;
   * a second body, or one for an exchange started with its body, changes nothing.
   */
  @Test
  void aRequestBodyGivenAfterTheStartNamesTheSpanOnce() {
    LlmHttpExchange exchange = LlmHttpExchange.start(
        telemetry, Context.root(), "POST", URI.create("http://127.0.0.1:8000/v1/chat/completions"), () -> null);
    byte[] body = "{\"model\":\"m-late\",\"temperature\":0.5,\"stream\":true}".getBytes(StandardCharsets.UTF_8);
    exchange.requestBody(body, body.length);
    byte[] other = "{\"model\":\"other\",\"temperature\":0.9}".getBytes(StandardCharsets.UTF_8);
    exchange.requestBody(other, other.length);
    exchange.responseStarted(200, "text/event-stream", null);
    exchange.responseBytes(ByteBuffer.wrap(STREAM.getBytes(StandardCharsets.UTF_8)));
    exchange.completed();
    SpanData span = onlySpan();
    assertEquals("chat m-late", span.getName());
    assertEquals("m-late", span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
    assertEquals(0.5, span.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")));
    assertEquals(true, span.getAttributes().get(AttributeKey.booleanKey("gen_ai.request.stream")));

    spans.reset();
    LlmHttpExchange started = exchange();
    started.requestBody(other, other.length);
    started.completed();
    assertEquals("chat m", onlySpan().getName(), "the body given at the start counts");
  }

  /** Even an Error thrown while the call describes its result (no memory left, say) ends the span and stays inside. */
  @Test
  void anErrorWhileEndingTheCallStillEndsTheSpan() {
    LlmCall call = telemetry.start(Context.root(), "chat", "openai", "m", "127.0.0.1", 8000, SpanKind.CLIENT);
    call.resultFrom((outcome, error) -> {
      throw new OutOfMemoryError("simulated: no memory left while reading the response");
    });
    assertDoesNotThrow(() -> call.finish(StreamOutcome.COMPLETED, null));
    SpanData span = onlySpan();
    assertEquals("inspection_failed", span.getAttributes().get(AttributeKey.stringKey("error.type")), span::toString);
    assertEquals(StatusCode.ERROR, span.getStatus().getStatusCode());
  }

  // An SDK call's boundary fed as the SDK hooks feed it: a future of a stream (google-genai's async
  // generateContentStream) and a call made from an ended call's continuation.

  private LlmHttpExchange attempt(URI uri) {
    return LlmHttpExchange.start(telemetry, Context.current(), "POST", uri, () -> GEMINI_REQUEST);
  }

  @Test
  void aFutureOfAStreamHandsTheEndToTheStream() throws Exception {
    LlmBoundary boundary = LlmBoundary.enter();
    LlmHttpExchange exchange = attempt(STREAM_URI);
    CompletableFuture<Object> sdkFuture = new CompletableFuture<>();
    CompletableFuture<Object> inContext = boundary.exitWithStreamFuture(sdkFuture);
    exchange.responseStarted(200, "text/event-stream", null);
    Span[] seen = new Span[1];
    CompletableFuture<Object> continued = inContext.thenApply(stream -> {
      seen[0] = Span.current();
      return stream;
    });
    sdkFuture.complete("the stream");
    assertEquals("the stream", continued.get());
    assertTrue(spans.getFinishedSpanItems().isEmpty(), "the future's value is the stream, not the call's end");
    exchange.responseBytes(ByteBuffer.wrap(GEMINI_STREAM.getBytes(StandardCharsets.UTF_8)));
    exchange.completed();
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(1, ended.size(), ended::toString);
    SpanData span = ended.get(0);
    assertEquals(span.getSpanId(), seen[0].getSpanContext().getSpanId(), "the continuation ran in the call's context");
    assertEquals("completed", span.getAttributes().get(AttributeKey.stringKey("inferscope.stream.outcome")));
    assertEquals(2L, span.getAttributes().get(AttributeKey.longKey("inferscope.stream.chunks")));
    assertEquals(List.of("STOP"), span.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
  }

  @Test
  void aFailedFutureOfAStreamEndsTheCall() {
    LlmBoundary boundary = LlmBoundary.enter();
    attempt(STREAM_URI);
    CompletableFuture<Object> sdkFuture = new CompletableFuture<>();
    CompletableFuture<Object> inContext = boundary.exitWithStreamFuture(sdkFuture);
    IllegalStateException failure = new IllegalStateException("no stream");
    sdkFuture.completeExceptionally(failure);
    assertTrue(inContext.isCompletedExceptionally());
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(1, ended.size(), ended::toString);
    assertEquals(StatusCode.ERROR, ended.get(0).getStatus().getStatusCode());
    assertEquals(IllegalStateException.class.getName(), ended.get(0).getAttributes().get(AttributeKey.stringKey("error.type")));
  }

  /** An SDK that sends its next request from the previous one's continuation (async function calling). */
  @Test
  void aCallMadeInAnEndedCallsContextIsACallOfItsOwn() {
    LlmBoundary first = LlmBoundary.enter();
    attempt(URI.create("http://127.0.0.1:8000/v1beta/models/g:generateContent")).completed();
    Context firstCall = first.callContextOr(Context.root());
    first.exit(null);
    try (Scope ignored = firstCall.makeCurrent()) {
      assertNull(LlmBoundary.onThisThread(), "the first call ended");
      LlmBoundary second = LlmBoundary.enter();
      assertNotNull(second, "an ended call does not make the next one nested");
      attempt(URI.create("http://127.0.0.1:8000/v1beta/models/g:generateContent")).completed();
      second.exit(null);
    }
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(2, ended.size(), ended::toString);
    assertEquals(ended.get(0).getSpanId(), ended.get(1).getParentSpanId(), "a child of the call whose continuation made it");
  }

  /** A redirect a client follows by itself is an attempt of its own: answered with no body, not a malformed answer. */
  @Test
  void aRedirectHopEndsAnsweredNotMalformed() {
    LlmHttpExchange exchange = exchange();
    exchange.responseStarted(307, null, null);
    exchange.completed();
    SpanData span = onlySpan();
    assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode(), span::toString);
    assertNull(span.getAttributes().get(AttributeKey.stringKey("error.type")), span::toString);
  }

  /**
   * A body the client writes only after the exchange started (Reactor Netty: after connecting) names the
   * call's model then; one past the cap is not read, and only the first body counts.
   */
  @Test
  void aRequestBodyWrittenAfterTheStartIsReadWithinTheCapOnce() {
    GenAiTelemetry small = new GenAiTelemetry(sdk, "test", new GenAiSettings(false, 0, 64, false));
    LlmHttpExchange late = LlmHttpExchange.start(small, Context.root(), "POST", URI.create("http://127.0.0.1:8000/v1/chat/completions"), () -> null);
    byte[] tooLarge = ("{\"model\":\"too-large\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(100) + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    late.requestBody(tooLarge, tooLarge.length);
    byte[] body = "{\"model\":\"late\"}".getBytes(StandardCharsets.UTF_8);
    late.requestBody(body, body.length);
    byte[] again = "{\"model\":\"again\"}".getBytes(StandardCharsets.UTF_8);
    late.requestBody(again, again.length);
    late.responseStarted(429, "application/json", null);
    late.completed();
    SpanData span = onlySpan();
    assertEquals("chat late", span.getName(), span::toString);
    assertEquals("late", span.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")));
  }
}
