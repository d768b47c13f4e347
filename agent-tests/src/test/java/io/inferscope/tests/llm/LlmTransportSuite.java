package io.inferscope.tests.llm;

import static io.inferscope.tests.apps.transport.TransportCase.ABANDONED;
import static io.inferscope.tests.apps.transport.TransportCase.CHAT;
import static io.inferscope.tests.apps.transport.TransportCase.CLOSE_EARLY;
import static io.inferscope.tests.apps.transport.TransportCase.LATE_STREAM;
import static io.inferscope.tests.apps.transport.TransportCase.NDJSON;
import static io.inferscope.tests.apps.transport.TransportCase.ONE_CHOICE;
import static io.inferscope.tests.apps.transport.TransportCase.RATE_LIMITED;
import static io.inferscope.tests.apps.transport.TransportCase.REFUSED;
import static io.inferscope.tests.apps.transport.TransportCase.SLOW_STREAM;
import static io.inferscope.tests.apps.transport.TransportCase.SSE;
import static io.inferscope.tests.apps.transport.TransportCase.UNTIL_DONE;
import static io.inferscope.tests.apps.transport.TransportCase.WARM_UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.transport.TransportCase;
import io.inferscope.tests.apps.transport.TransportSuiteApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP-layer fallback must do on every HTTP client it instruments, run against each
 * {@link Transport} through the same application ({@code apps/transport/TransportSuiteApp}) and the
 * fake LLM server: one CLIENT span per call with the gen_ai.* attributes of request, answer and usage,
 * counted once in the duration metric; streams (SSE and NDJSON) read line by line, to their end, to
 * {@code [DONE]}, or closed early; error statuses and refused connections; abandoned and slow streams;
 * the traceparent the server gets; and, for every call, the application's bytes exactly as the server
 * sent them. {@link AsyncLlmTransportSuite} adds the asynchronous API's cases.
 *
 * <p>Each client has one subclass (JdkHttpClientLlmTest, OkHttpLlmTest, OkHttp3LlmTest), so reports
 * name the client, and the subclass holds the tests of what only that client has. A client's cases run
 * in two application JVMs ({@link TransportRun}) that all its tests read: a test finds its case's span,
 * metric series and request by the model the case asks for.
 */
abstract class LlmTransportSuite {
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
  /** SSE lines: role chunk, one per content piece, finish chunk, usage chunk, [DONE]. */
  static final String SSE_LINES = String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 4);

  private final Transport transport;

  LlmTransportSuite(Transport transport) {
    this.transport = transport;
  }

  /** The client this class runs the suite against. */
  public Transport transport() {
    return transport;
  }

  /** The batch of the client's cases run with the agent's defaults. */
  TransportRun main() {
    return TransportRun.of(transport, TransportCase.Batch.MAIN);
  }

  /** The batch of the client's cases run with a short stream idle timeout. */
  TransportRun watchdog() {
    return TransportRun.of(transport, TransportCase.Batch.WATCHDOG);
  }

  @Test
  void theApplicationRanOnItsClientAndNoSecretLeftIt() {
    for (TransportRun run : List.of(main(), watchdog())) {
      assertEquals(transport.library, run.values.get("library"), run::output);
      assertFalse(run.values.keySet().stream().anyMatch(k -> k.endsWith(".failed") || k.endsWith(".callback")), run::output);
      LlmRuns.assertNoSecretAnywhere(run.exported, run.result);
    }
  }

  @Test
  void aChatCompletionIsOneClientSpanWithEveryRequestResponseAndUsageAttribute() {
    TransportRun run = main();
    assertEquals("200", run.value(CHAT, "status"), run::output);
    run.assertAppGotWhatWasSent(CHAT);
    // The agent read the request body without consuming it: the server got it whole.
    assertEquals(CHAT.body, run.request(CHAT).bodyText());
    ReceivedSpan span = run.span(CHAT);
    assertEquals("chat " + CHAT.model, span.name());
    assertEquals("CLIENT", span.kind());
    assertEquals("", span.parentSpanId(), "no application span is current: the call is a root");
    assertEquals("chat", span.attr("gen_ai.operation.name"));
    assertEquals("openai", span.attr("gen_ai.provider.name"));
    assertEquals(0.2, span.attributes().get("gen_ai.request.temperature"), span::toString);
    assertEquals(0.9, span.attributes().get("gen_ai.request.top_p"), span::toString);
    assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"));
    assertEquals(0.5, span.attributes().get("gen_ai.request.frequency_penalty"), span::toString);
    assertEquals(0.25, span.attributes().get("gen_ai.request.presence_penalty"), span::toString);
    assertEquals(List.of("END", "STOP"), span.attributes().get("gen_ai.request.stop_sequences"), span::toString);
    assertEquals(42L, span.longAttr("gen_ai.request.seed"));
    assertEquals("json", span.attr("gen_ai.output.type"), span::toString);
    assertEquals(2L, span.longAttr("gen_ai.request.choice.count"), span::toString);
    assertEquals(CHAT.model + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"), span::toString);
    assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"));
    assertEquals(List.of("stop", "stop"), span.attributes().get("gen_ai.response.finish_reasons"), "one per choice");
    assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
    assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
    assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"), span::toString);
    assertEquals((long) FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.reasoning.output_tokens"), span::toString);
    assertEquals("127.0.0.1", span.attr("server.address"));
    assertEquals((long) run.serverPort, span.longAttr("server.port"));
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertNull(span.attr("error.type"), span::toString);
    assertNull(span.attr("inferscope.stream.outcome"), "a whole JSON answer is no stream");
    assertNull(span.attr("inferscope.stream.chunks"), span::toString);
    assertFalse(span.attributes().containsKey("gen_ai.input.messages"), "content is off by default");
    assertFalse(span.attributes().containsKey("gen_ai.output.messages"), "content is off by default");
    assertTrue(span.endEpochNanos() >= span.startEpochNanos(), span::toString);
    run.assertCountedOnce(CHAT);
  }

  @Test
  void aChatAskingForOneChoiceHasNoChoiceCount() {
    TransportRun run = main();
    assertEquals("200", run.value(ONE_CHOICE, "status"), run::output);
    run.assertAppGotWhatWasSent(ONE_CHOICE);
    ReceivedSpan span = run.span(ONE_CHOICE);
    assertFalse(span.attributes().containsKey("gen_ai.request.choice.count"), () -> "n is 1: no choice count " + span);
    assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    run.assertCountedOnce(ONE_CHOICE);
  }

  @Test
  void aStreamedChatReadLineByLineEndsCompletedWithChunksTimeToFirstChunkAndUsage() {
    TransportRun run = main();
    assertEquals("200", run.value(SSE, "status"), run::output);
    assertEquals(SSE_LINES, run.value(SSE, "lines"), run::output);
    run.assertAppGotWhatWasSent(SSE);
    ReceivedSpan span = run.span(SSE);
    assertEquals("CLIENT", span.kind());
    assertEquals(true, span.attributes().get("gen_ai.request.stream"), span::toString);
    assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
    Object ttfc = span.attributes().get("gen_ai.response.time_to_first_chunk");
    assertTrue(ttfc instanceof Double && (Double) ttfc > 0, span::toString);
    double spanSeconds = (span.endEpochNanos() - span.startEpochNanos()) / 1e9;
    assertTrue((Double) ttfc <= spanSeconds, () -> "first chunk within the span: " + span);
    assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
    assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
    assertEquals(List.of("stop"), span.attributes().get("gen_ai.response.finish_reasons"));
    assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"));
    assertEquals(SSE.model + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
    assertEquals("UNSET", span.statusCode(), span::toString);
    run.assertCountedOnce(SSE);
  }

  @Test
  void anOllamaNdjsonStreamEndsCompletedWithChunksAndUsage() {
    TransportRun run = main();
    assertEquals("200", run.value(NDJSON, "status"), run::output);
    // One line per content piece, then the done line.
    assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 1), run.value(NDJSON, "lines"), run::output);
    run.assertAppGotWhatWasSent(NDJSON);
    ReceivedSpan span = run.span(NDJSON);
    assertEquals("chat " + NDJSON.model, span.name());
    assertEquals("ollama", span.attr("gen_ai.provider.name"));
    assertEquals("chat", span.attr("gen_ai.operation.name"));
    assertEquals(true, span.attributes().get("gen_ai.request.stream"), "Ollama streams unless told not to");
    assertEquals(0.1, span.attributes().get("gen_ai.request.temperature"));
    assertEquals(32L, span.longAttr("gen_ai.request.max_tokens"));
    assertEquals(7L, span.longAttr("gen_ai.request.seed"));
    assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
    assertTrue((Double) span.attributes().get("gen_ai.response.time_to_first_chunk") > 0, span::toString);
    LlmRuns.assertAnswer(span, NDJSON.model + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OLLAMA_DONE_REASON,
        FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
    assertEquals("UNSET", span.statusCode(), span::toString);
    run.assertCountedOnce(NDJSON);
  }

  /** An SSE reader that stops at [DONE] and closes has read the whole answer. */
  @Test
  void aStreamReadToDoneThenClosedIsCompleted() {
    TransportRun run = main();
    assertEquals(SSE_LINES, run.value(UNTIL_DONE, "lines"), run::output);
    run.assertAppGotWhatWasSent(UNTIL_DONE);
    ReceivedSpan span = run.span(UNTIL_DONE);
    assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
    assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    run.assertCountedOnce(UNTIL_DONE);
  }

  @Test
  void aStalledStreamClosedEarlyIsCancelledNotAnError() {
    TransportRun run = main();
    assertEquals("true", run.value(CLOSE_EARLY, "closed"), run::output);
    assertEquals("1", run.value(CLOSE_EARLY, "lines"), run::output);
    run.assertAppGotWhatWasSent(CLOSE_EARLY);
    ReceivedSpan span = run.span(CLOSE_EARLY);
    assertEquals("cancelled", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertNull(span.attr("error.type"), span::toString);
    assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"), "the first chunk was read: " + span);
    run.assertCountedOnce(CLOSE_EARLY);
  }

  @Test
  void aRateLimitedCallIsAnErrorWithTheStatusAndTheAppSeesTheSameResponse() {
    TransportRun run = main();
    assertEquals("429", run.value(RATE_LIMITED, "status"), run::output);
    // One request: the client does not retry a 429 by itself, nor may the agent.
    run.assertAppGotWhatWasSent(RATE_LIMITED);
    ReceivedSpan span = run.span(RATE_LIMITED);
    assertEquals("ERROR", span.statusCode(), span::toString);
    assertEquals("429", span.attr("error.type"), span::toString);
    assertNull(span.attr("gen_ai.usage.input_tokens"), span::toString);
    run.assertCountedOnce(RATE_LIMITED);
  }

  @Test
  void aRefusedConnectionIsAnErrorAndTheAppGetsItsException() {
    TransportRun run = main();
    assertEquals(transport.refusedException, run.value(REFUSED, "caught"), run::output);
    ReceivedSpan span = run.refusedSpan(REFUSED);
    assertEquals("ERROR", span.statusCode(), span::toString);
    assertEquals(transport.refusedException, span.attr("error.type"), span::toString);
    assertEquals((long) run.refusedPort, span.longAttr("server.port"));
    assertTrue(span.events().stream().anyMatch(e -> e.name().equals("exception")), span::toString);
    run.assertRefusedCountedOnce(REFUSED);
  }

  @Test
  void aStreamNeitherReadNorClosedIsAbandonedAfterTheIdleTimeout() {
    TransportRun run = watchdog();
    assertEquals("200", run.value(ABANDONED, "status"), run::output);
    run.assertAppGotWhatWasSent(ABANDONED);
    LlmRuns.assertAbandonedByWatchdog(run.span(ABANDONED), TransportRun.WATCHDOG_IDLE_MILLIS, TransportSuiteApp.HOLD_MILLIS);
    run.assertCountedOnce(ABANDONED);
  }

  /** A reader blocked in read(), waiting for a slow service's next chunk, is reading: no abandonment. */
  @Test
  void aSlowStreamTheAppKeepsReadingIsNotAbandoned() {
    TransportRun run = watchdog();
    // The warm-up stream before it only takes the JVM's cold start; it was read whole and traced once.
    assertEquals(SSE_LINES, run.value(WARM_UP, "lines"), run::output);
    run.assertAppGotWhatWasSent(WARM_UP);
    run.span(WARM_UP);
    assertEquals(SSE_LINES, run.value(SLOW_STREAM, "lines"), run::output);
    run.assertAppGotWhatWasSent(SLOW_STREAM);
    ReceivedSpan span = run.span(SLOW_STREAM);
    long millis = (span.endEpochNanos() - span.startEpochNanos()) / 1_000_000;
    assertEquals("completed", span.attr("inferscope.stream.outcome"), () -> "after " + millis + " ms: " + span);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    run.assertCountedOnce(SLOW_STREAM);
  }

  /**
   * The idle timeout counts from the answer's arrival, not from the request: a stream whose answer
   * starts later than the timeout, read after a pause well within it, is not abandoned on arrival.
   */
  @Test
  void aStreamWhoseAnswerStartsLateIsNotAbandonedOnArrival() {
    TransportRun run = watchdog();
    assertEquals(SSE_LINES, run.value(LATE_STREAM, "lines"), run::output);
    run.assertAppGotWhatWasSent(LATE_STREAM);
    ReceivedSpan span = run.span(LATE_STREAM);
    assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
    run.assertCountedOnce(LATE_STREAM);
  }

  /**
   * Every request the server got carries one W3C traceparent, sampled, naming the GenAI span of that
   * very call (the one for the model the request asks for): trace id and parent id.
   */
  @Test
  void everyRequestsTraceparentNamesItsGenAiSpan() {
    for (TransportRun run : List.of(main(), watchdog())) {
      assertFalse(run.requests.isEmpty(), run::output);
      for (RecordedRequest request : run.requests) {
        List<String> headers = request.headers("traceparent");
        assertEquals(1, headers.size(), () -> "one traceparent on " + request + ": " + headers);
        Matcher header = TRACEPARENT.matcher(headers.get(0));
        assertTrue(header.matches(), headers.get(0));
        ReceivedSpan span = run.genAi.stream().filter(s -> s.spanId().equals(header.group(2))).findFirst()
            .orElseThrow(() -> new AssertionError("no GenAI span named by " + header.group() + ": " + run.genAi));
        assertEquals(span.traceId(), header.group(1), span::toString);
        assertEquals(request.json().get("model"), span.attr("gen_ai.request.model"), () -> "the request's own call: " + span);
        assertEquals(1, Integer.parseInt(header.group(3), 16) & 1, () -> "sampled: " + header.group());
      }
    }
  }
}
