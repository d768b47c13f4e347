package io.inferscope.agent.instrumentation.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.inferscope.agent.http.HttpExchange;
import io.inferscope.agent.http.HttpExchanges;
import io.inferscope.agent.http.TracePropagation;
import io.inferscope.agent.llm.GenAiSettings;
import io.inferscope.agent.llm.GenAiTelemetry;
import io.inferscope.agent.llm.LlmExchanges;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client's entry ({@code execute}) and the attempts its exec chain makes under it, through the
 * bridge the advice calls, on the real SDK: the entry's exchange is current while it runs (what
 * another agent's span started there is a child of), the first attempt takes it, later attempts are
 * children of the caller, and an entry no attempt took ends at its exit.
 */
class ClientEntryTest {
  private static final String CHAT = "/v1/chat/completions";
  private static final byte[] BODY = "{\"model\":\"m\",\"max_tokens\":7}".getBytes(StandardCharsets.UTF_8);

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final HttpExchangeHooks hooks = new HttpExchangeHooks(new HttpExchanges(
      List.of(new LlmExchanges(new GenAiTelemetry(sdk, "test", new GenAiSettings(false, 0, 1024, false)))),
      new TracePropagation(sdk.getPropagators().getTextMapPropagator())));

  @AfterEach
  void close() {
    sdk.close();
  }

  private SpanData ended(String name) {
    return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " in " + exported.getFinishedSpanItems()));
  }

  @Test
  void theFirstAttemptTakesTheEntrysExchangeAndWhatStartsInsideTheEntryIsItsChild() {
    Span caller = sdk.getTracer("app").spanBuilder("caller").startSpan();
    try (Scope ignored = caller.makeCurrent()) {
      Object entry = hooks.onEnterEntry("POST", "127.0.0.1", -1, CHAT);
      assertNotNull(entry);
      assertNull(hooks.onEnterEntry("POST", "127.0.0.1", 80, CHAT), "an overload nested in the entry is not another entry");
      Span other = sdk.getTracer("other-agent").spanBuilder("POST").startSpan(); // started in the same method, inside ours
      HttpExchange first = (HttpExchange) hooks.onStartAttempt("POST", "127.0.0.1", 80, CHAT, BODY);
      assertNull(ClientEntry.in(Context.current()).take(), "the first attempt took the entry's exchange");
      HttpExchange retry = (HttpExchange) hooks.onStartAttempt("POST", "127.0.0.1", 80, CHAT, BODY);
      assertNotSame(first, retry);
      other.end();
      hooks.onExitEntry(entry, null);
      assertSame(caller, Span.current(), "the entry's context left with it");
      first.responseStarted(429, "application/json", null);
      first.completed();
      retry.responseStarted(429, "application/json", null);
      retry.completed();
    } finally {
      caller.end();
    }
    List<SpanData> calls = exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals("chat m")).toList();
    assertEquals(2, calls.size(), () -> "the first attempt named by the body it gave, and the retry: " + exported.getFinishedSpanItems());
    String callerId = ended("caller").getSpanId();
    for (SpanData call : calls) {
      assertEquals(callerId, call.getParentSpanId(), "each attempt is a child of the caller");
      assertEquals(7L, call.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens")));
    }
    SpanData other = ended("POST");
    assertEquals(calls.get(0).getSpanId(), other.getParentSpanId(), "what started inside the entry is the first attempt's child");
  }

  @Test
  void anEntryNoAttemptTookEndsAtItsExitFailedWithItsError() {
    Object entry = hooks.onEnterEntry("POST", "127.0.0.1", 8000, CHAT);
    hooks.onExitEntry(entry, new IllegalStateException("Connection pool shut down"));
    SpanData span = ended("chat");
    assertEquals("java.lang.IllegalStateException", span.getAttributes().get(AttributeKey.stringKey("error.type")));
    assertSame(Span.getInvalid(), Span.current());
  }

  @Test
  void anotherRequestIsNotTheEntrysAttemptAndOtherRequestsHaveNoEntry() {
    assertNull(hooks.onEnterEntry("POST", "127.0.0.1", 8000, "/orders"));
    Object entry = hooks.onEnterEntry("POST", "127.0.0.1", 8000, CHAT);
    HttpExchange redirected = (HttpExchange) hooks.onStartAttempt("POST", "127.0.0.1", 8000, "/v1/completions", BODY);
    assertNotNull(redirected);
    HttpExchange first = (HttpExchange) hooks.onStartAttempt("POST", "127.0.0.1", 8000, CHAT, BODY);
    assertNotSame(redirected, first);
    hooks.onExitEntry(entry, null);
    first.completed();
    redirected.completed();
    assertEquals(2, exported.getFinishedSpanItems().size(), exported.getFinishedSpanItems()::toString);
  }
}
