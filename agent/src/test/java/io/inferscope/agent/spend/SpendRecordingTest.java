package io.inferscope.agent.spend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.llm.GenAiAttributes;
import io.inferscope.agent.llm.GenAiSettings;
import io.inferscope.agent.llm.GenAiTelemetry;
import io.inferscope.agent.llm.LlmCall;
import io.inferscope.agent.llm.LlmResult;
import io.inferscope.agent.stream.StreamOutcome;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Spend as an LLM call records it when it ends, on the real SDK with in-memory readers: the span's
 * cost attributes and the two counters, for a priced call, an unpriced one and one without usage.
 */
class SpendRecordingTest {
  /** Binary-fraction prices: every amount below is exact. */
  private static final Price PRICE = new Price(2.0, 8.0, 0.5, 2.5, 16.0, "EUR");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
      .build();
  private final GenAiTelemetry telemetry = new GenAiTelemetry(sdk, "test", new GenAiSettings(false, 0, 1 << 20, false),
      () -> new PriceTable(Map.of(PriceFile.key("openai", "priced"), PRICE)));

  @AfterEach
  void close() {
    sdk.close();
  }

  private SpanData call(String requestModel, LlmResult result) {
    return call(telemetry, requestModel, result);
  }

  private SpanData call(GenAiTelemetry telemetry, String requestModel, LlmResult result) {
    spans.reset();
    LlmCall call = telemetry.start(Context.root(), "chat", "openai", requestModel, "127.0.0.1", 8000, SpanKind.CLIENT);
    call.resultFrom((outcome, error) -> result);
    call.finish(StreamOutcome.COMPLETED, null);
    List<SpanData> ended = spans.getFinishedSpanItems();
    assertEquals(1, ended.size());
    return ended.get(0);
  }

  private static LlmResult usage(String responseModel, Long input, Long output, Long cacheRead, Long cacheWrite, Long reasoning) {
    var details = Attributes.builder();
    if (cacheRead != null) {
      details.put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, cacheRead);
    }
    if (cacheWrite != null) {
      details.put(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, cacheWrite);
    }
    if (reasoning != null) {
      details.put(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS, reasoning);
    }
    return new LlmResult(responseModel, input, output, null, null, details.build());
  }

  private MetricData metric(String name) {
    return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst().orElse(null);
  }

  @Test
  void aPricedCallCarriesItsCostAndAddsItToTheCounter() {
    SpanData span = call("priced", usage("priced-2025-01-01", 19L, 7L, 3L, 5L, 2L));
    double amount = (11 * 2.0 + 3 * 0.5 + 5 * 2.5 + 5 * 8.0 + 2 * 16.0) / 1e6;
    assertEquals(amount, span.getAttributes().get(SpendAttributes.COST_AMOUNT), span::toString);
    assertEquals("EUR", span.getAttributes().get(SpendAttributes.COST_CURRENCY));
    assertEquals("local", span.getAttributes().get(SpendAttributes.COST_SOURCE));
    call("priced", usage("priced-2025-01-01", 1_000_000L, null, null, null, null));

    MetricData cost = metric("inferscope.genai.cost");
    assertEquals("{cost}", cost.getUnit());
    var point = cost.getDoubleSumData().getPoints().iterator().next();
    assertTrue(cost.getDoubleSumData().isMonotonic());
    assertEquals(1, cost.getDoubleSumData().getPoints().size());
    assertEquals(amount + 2.0, point.getValue(), 1e-12);
    assertEquals(Attributes.of(GenAiAttributes.PROVIDER_NAME, "openai", GenAiAttributes.REQUEST_MODEL, "priced",
        GenAiAttributes.RESPONSE_MODEL, "priced-2025-01-01", SpendAttributes.COST_CURRENCY, "EUR"), point.getAttributes());
    assertNull(metric("inferscope.genai.unpriced"), "nothing unpriced");
  }

  @Test
  void anUnpricedCallHasNoCostAndIsCounted() {
    SpanData span = call("mystery", usage("mystery-001", 11L, 7L, null, null, null));
    assertNull(span.getAttributes().get(SpendAttributes.COST_AMOUNT), span::toString);
    assertNull(span.getAttributes().get(SpendAttributes.COST_CURRENCY));
    assertNull(span.getAttributes().get(SpendAttributes.COST_SOURCE));
    call("mystery", usage("mystery-001", null, 3L, null, null, null));
    MetricData unpriced = metric("inferscope.genai.unpriced");
    assertEquals("{call}", unpriced.getUnit());
    var point = unpriced.getLongSumData().getPoints().iterator().next();
    assertEquals(2, point.getValue());
    assertEquals(Attributes.of(GenAiAttributes.PROVIDER_NAME, "openai", GenAiAttributes.REQUEST_MODEL, "mystery",
        GenAiAttributes.RESPONSE_MODEL, "mystery-001"), point.getAttributes());
    assertNull(metric("inferscope.genai.cost"));
  }

  @Test
  void aCallWithoutUsageIsNeitherPricedNorCounted() {
    SpanData priced = call("priced", usage("priced", null, null, 3L, null, 2L));
    SpanData unknown = call("mystery", LlmResult.NOTHING);
    for (SpanData span : List.of(priced, unknown)) {
      assertNull(span.getAttributes().get(SpendAttributes.COST_AMOUNT), span::toString);
    }
    assertNull(metric("inferscope.genai.cost"));
    assertNull(metric("inferscope.genai.unpriced"));
  }

  @Test
  void aFailedCallThatReportedUsageIsPricedAndSpendNeverMarksACallFailed() {
    LlmResult failed = new LlmResult("priced", 10L, 0L, "truncated_response", "cut", Attributes.empty());
    SpanData span = call("priced", failed);
    assertEquals(10 * 2.0 / 1e6, span.getAttributes().get(SpendAttributes.COST_AMOUNT));
    assertEquals("truncated_response", span.getAttributes().get(GenAiAttributes.ERROR_TYPE));
    SpanData ok = call("priced", usage("priced", 10L, 1L, null, null, null));
    assertEquals(StatusCode.UNSET, ok.getStatus().getStatusCode());
  }

  @Test
  void theTableIsReadOnceByTheFirstCallThatReportsUsageAndNotAtStartUp() {
    AtomicInteger reads = new AtomicInteger();
    GenAiTelemetry lazy = new GenAiTelemetry(sdk, "test", new GenAiSettings(false, 0, 1 << 20, false), () -> {
      reads.incrementAndGet();
      return new PriceTable(Map.of(PriceFile.key("openai", "priced"), PRICE));
    });
    call(lazy, "priced", LlmResult.NOTHING);
    assertEquals(0, reads.get(), "no usage, no need for prices");
    call(lazy, "priced", usage("priced", 1L, 1L, null, null, null));
    call(lazy, "other", usage("other", 1L, 1L, null, null, null));
    assertEquals(1, reads.get());
  }

  @Test
  void theRecorderNeverThrows() {
    SpendRecorder recorder = new SpendRecorder(sdk.getMeter("test"), () -> new PriceTable(Map.of()));
    assertDoesNotThrow(() -> recorder.record(null, "openai", "m", null, 1L, 1L, null, null, null));
    SpendRecorder pricing = new SpendRecorder(sdk.getMeter("test"), () -> new PriceTable(Map.of(PriceFile.key("openai", "m"), PRICE)));
    assertDoesNotThrow(() -> pricing.record(null, "openai", "m", null, 1L, 1L, null, null, null), "a null span is our bug, contained");
  }
}
