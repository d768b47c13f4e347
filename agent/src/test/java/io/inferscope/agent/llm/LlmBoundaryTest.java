package io.inferscope.agent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An SDK call's boundary fed as the SDK hooks feed it, on the real SDK with an in-memory exporter:
 * a future of a stream (google-genai's async {@code generateContentStream}) and a call made from an
 * ended call's continuation.
 */
class LlmBoundaryTest {
  private static final String STREAM = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"index\":0}]}\n\n"
      + "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" there\"}]},\"finishReason\":\"STOP\",\"index\":0}],"
      + "\"usageMetadata\":{\"promptTokenCount\":5,\"candidatesTokenCount\":2}}\n\n";
  private static final byte[] REQUEST = "{\"contents\":[{\"parts\":[{\"text\":\"hello\"}]}]}".getBytes(StandardCharsets.UTF_8);
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

  private LlmHttpExchange attempt(URI uri) {
    return LlmHttpExchange.start(telemetry, Context.current(), "POST", uri, () -> REQUEST);
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
    exchange.responseBytes(ByteBuffer.wrap(STREAM.getBytes(StandardCharsets.UTF_8)));
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
}
