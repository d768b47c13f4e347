package io.inferscope.agent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.drift.DriftMetrics;
import io.inferscope.agent.drift.DriftSettings;
import io.inferscope.agent.drift.DriftSummary;
import io.inferscope.agent.sampling.AnomalyFlags;
import io.inferscope.agent.spend.PriceTable;
import io.inferscope.agent.stream.StreamOutcome;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LLM behaviour as an ending call records it, on the real SDK with an in-memory reader: the finish-reason
 * counter, the drift of the finish-reason mix and of the output length (flagged in inferscope.anomaly.count
 * under the model's key), and what is left out.
 */
class LlmBehaviourTest {
  private static final AttributeKey<String> REASON = AttributeKey.stringKey("inferscope.anomaly.reason");
  private static final AttributeKey<String> KEY_MODEL = AttributeKey.stringKey("inferscope.anomaly.model");
  /** Windows of 20: a mix of two reasons settles well inside the 0.2 threshold's noise (PSI noise ≈ 1/20 + 1/20 per extra bin). */
  private static final DriftSettings SETTINGS = DriftSettings.defaults().withWindows(20, 20).withEvaluateEvery(1);

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().build())
      .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
      .build();
  private final DriftMetrics drift = new DriftMetrics(sdk.getMeterProvider().get("drift"), SETTINGS, null);
  private final GenAiTelemetry telemetry = new GenAiTelemetry(sdk, "test", new GenAiSettings(false, 0, 1 << 20, false),
      PriceTable::builtIn, drift);

  @AfterEach
  void close() {
    sdk.close();
  }

  private void call(String provider, String requestModel, boolean stream, StreamOutcome outcome, LlmResult result) {
    LlmCall call = telemetry.start(Context.root(), "chat", provider, requestModel, "127.0.0.1", 8000, SpanKind.CLIENT);
    if (stream) {
      call.streamed();
    }
    call.resultFrom((o, error) -> result);
    call.finish(outcome, null);
  }

  private void call(String requestModel, String finishReason, Long outputTokens) {
    call("openai", requestModel, false, StreamOutcome.COMPLETED, answer(finishReason, outputTokens));
  }

  private static LlmResult answer(String finishReason, Long outputTokens) {
    Attributes span = finishReason == null ? Attributes.empty()
        : Attributes.of(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of(finishReason, "stop"));
    return new LlmResult("answering-model", 5L, outputTokens, null, null, span);
  }

  /** {@code provider/model/reason -> count} of inferscope.genai.finish_reasons. */
  private static Map<String, Long> finishReasons(Collection<MetricData> all) {
    MetricData counter = all.stream().filter(m -> m.getName().equals(LlmBehaviour.METRIC)).findFirst().orElse(null);
    if (counter == null) {
      return Map.of();
    }
    assertEquals("{call}", counter.getUnit());
    assertTrue(counter.getLongSumData().isMonotonic());
    Map<String, Long> counts = new HashMap<>();
    for (LongPointData p : counter.getLongSumData().getPoints()) {
      int expected = p.getAttributes().get(GenAiAttributes.REQUEST_MODEL) == null ? 2 : 3;
      assertEquals(expected, p.getAttributes().size(), p.getAttributes()::toString);
      counts.put(p.getAttributes().get(GenAiAttributes.PROVIDER_NAME) + "/" + p.getAttributes().get(GenAiAttributes.REQUEST_MODEL)
          + "/" + p.getAttributes().get(LlmBehaviour.FINISH_REASON), p.getValue());
    }
    return counts;
  }

  @Test
  void everyCompleteAnswerIsCountedByItsFirstFinishReasonMappedOntoTheFixedSet() {
    call("gpt", "stop", 7L);
    call("gpt", "stop", 7L);
    call("gpt", "length", 7L);
    call("gpt", "content_filter", null);
    call("gpt", "function_call", 7L);
    call("gpt", "made_up_by_a_provider", 7L);
    call("anthropic", "claude", false, StreamOutcome.COMPLETED, answer("max_tokens", 7L));
    call("gcp.gemini", "gemini", true, StreamOutcome.COMPLETED, answer("SAFETY", null));
    call("gpt", null, 7L); // no finish reason reported: nothing to count
    call("openai", "gpt", true, StreamOutcome.CANCELLED, answer("stop", 1L)); // not a complete answer
    call("openai", "gpt", false, StreamOutcome.COMPLETED, new LlmResult(null, null, null, "500", "HTTP 500", Attributes.empty()));

    assertEquals(Map.of("openai/gpt/stop", 2L, "openai/gpt/length", 1L, "openai/gpt/content_filter", 1L, "openai/gpt/tool_calls", 1L,
        "openai/gpt/_OTHER", 1L, "anthropic/claude/length", 1L, "gcp.gemini/gemini/content_filter", 1L), finishReasons(reader.collectAllMetrics()));
  }

  @Test
  void aRequestWithoutAModelIsCountedWithoutTheAttributeAndWatchedUnderTheAnsweringModel() {
    call(null, "stop", 3L);
    assertEquals(Map.of("openai/null/stop", 1L), finishReasons(reader.collectAllMetrics()));
    assertEquals(List.of("answering-model"), drift.summaries().stream().map(DriftSummary::model).distinct().toList());
  }

  @Test
  void eachProviderReasonMapsOntoTheSetAndAnythingElseIsOther() {
    assertEquals("stop", LlmBehaviour.canonical("end_turn"));
    assertEquals("stop", LlmBehaviour.canonical("STOP"));
    assertEquals("length", LlmBehaviour.canonical("MAX_TOKENS"));
    assertEquals("length", LlmBehaviour.canonical("max_output_tokens"));
    assertEquals("tool_calls", LlmBehaviour.canonical("tool_use"));
    assertEquals("content_filter", LlmBehaviour.canonical("refusal"));
    assertEquals("error", LlmBehaviour.canonical("MALFORMED_FUNCTION_CALL"));
    assertEquals("_OTHER", LlmBehaviour.canonical("Stop"), "exact values only: providers do not vary the case of their own");
    for (String reason : LlmBehaviour.REASONS) {
      assertEquals(reason, LlmBehaviour.canonical(reason));
    }
  }

  @Test
  void aStableMixThenAShiftedOneIsFlaggedOnceUnderTheModelsNonStreamingKey() {
    AnomalyFlags.register(sdk.getMeterProvider(), "test", drift::forEachFlag);
    // Stable: three stops to one length, in streams and plain calls alike (one summary for both).
    for (int i = 0; i < 60; i++) {
      call("openai", "drifter", i % 2 == 0, StreamOutcome.COMPLETED, answer(i % 4 == 3 ? "length" : "stop", 50L));
      if (i >= 20) {
        assertTrue(finishReasonPsi() < 0.1, () -> "stable mix: " + finishReasonPsi());
      }
    }
    Collection<MetricData> stable = reader.collectAllMetrics();
    assertEquals(Map.of(), driftFlags(stable), "no flag while stable");
    // Shifted: the model now runs out of tokens on most answers, with as many output tokens as before.
    for (int i = 0; i < 40; i++) {
      call("openai", "drifter", i % 2 == 0, StreamOutcome.COMPLETED, answer(i % 4 == 3 ? "stop" : "length", 50L));
    }
    assertTrue(finishReasonPsi() >= 0.2, () -> "shifted mix: " + finishReasonPsi());
    Collection<MetricData> shifted = reader.collectAllMetrics();
    assertEquals(Map.of("drifter", 1L), driftFlags(shifted));
    Map<String, Double> psi = shifted.stream().filter(m -> m.getName().equals("ml.prediction.drift"))
        .flatMap(m -> m.getDoubleGaugeData().getPoints().stream())
        .collect(Collectors.toMap(p -> p.getAttributes().get(DriftMetrics.OUTPUT_NAME), p -> p.getValue()));
    assertEquals(0.0, psi.get(LlmBehaviour.OUTPUT_TOKENS_OUTPUT), "output length unchanged");
    assertTrue(psi.get(LlmBehaviour.FINISH_REASONS_OUTPUT) >= 0.2, psi::toString);
    // Staying shifted does not flag again.
    for (int i = 0; i < 40; i++) {
      call("openai", "drifter", false, StreamOutcome.COMPLETED, answer("length", 50L));
    }
    assertEquals(Map.of("drifter", 1L), driftFlags(reader.collectAllMetrics()));
  }

  @Test
  void longerAnswersAreFlaggedAsOutputDriftToo() {
    AnomalyFlags.register(sdk.getMeterProvider(), "test", drift::forEachFlag);
    for (int i = 0; i < 20; i++) {
      call("verbose", "stop", 40L + i % 10);
    }
    for (int i = 0; i < 20; i++) {
      call("verbose", "stop", 400L + i % 10);
    }
    assertEquals(Map.of("verbose", 1L), driftFlags(reader.collectAllMetrics()));
    DriftSummary tokens = drift.summaries().stream().filter(s -> s.name().equals(LlmBehaviour.OUTPUT_TOKENS_OUTPUT)).findFirst().orElseThrow();
    assertTrue(tokens.lastPsi() >= 0.2, tokens::toString);
  }

  @Test
  void outputTokensStayOutOfTheScoreHistogramAndFinishReasonsHaveNoScore() {
    for (int i = 0; i < 30; i++) {
      call("gpt", "stop", 1000L + i);
    }
    Collection<MetricData> all = reader.collectAllMetrics();
    assertTrue(all.stream().noneMatch(m -> m.getName().equals("ml.prediction.score")), all::toString);
    assertEquals(2, all.stream().filter(m -> m.getName().equals("ml.prediction.drift"))
        .mapToLong(m -> m.getDoubleGaugeData().getPoints().size()).sum(), "finish reasons and output tokens are watched");
  }

  @Test
  void modelsPastTheCapAreCountedButNotWatched() {
    LlmBehaviour capped = new LlmBehaviour(sdk.getMeterProvider().get("capped"), drift, 2);
    for (String model : List.of("a", "b", "c", "a", "c")) {
      capped.observe("openai", model, "chat", answer("stop", 9L));
    }
    MetricData counter = reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(LlmBehaviour.METRIC) && m.getInstrumentationScopeInfo().getName().equals("capped"))
        .findFirst().orElseThrow();
    Map<String, Long> byModel = counter.getLongSumData().getPoints().stream()
        .collect(Collectors.toMap(p -> p.getAttributes().get(GenAiAttributes.REQUEST_MODEL), LongPointData::getValue));
    assertEquals(Map.of("a", 2L, "b", 1L, "c", 2L), byModel);
    assertEquals(List.of("a", "b"), drift.summaries().stream().map(DriftSummary::model).distinct().sorted().toList());
    assertEquals(4, drift.summaries().size(), "two summaries per watched model");
  }

  @Test
  void withoutDriftTheCounterStillCountsAndAFailureInsideIsSwallowed() {
    LlmBehaviour plain = new LlmBehaviour(sdk.getMeterProvider().get("plain"), null);
    plain.observe("openai", "gpt", "chat", answer("length", 9L));
    // A result whose attributes throw when read stands for a bug of ours: the call must not see it.
    LlmResult broken = new LlmResult(null, null, null, null, null, null);
    plain.observe("openai", "gpt", "chat", broken);
    MetricData counter = reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(LlmBehaviour.METRIC) && m.getInstrumentationScopeInfo().getName().equals("plain"))
        .findFirst().orElseThrow();
    assertEquals(1, counter.getLongSumData().getPoints().iterator().next().getValue());
    assertTrue(drift.summaries().isEmpty());
  }

  private double finishReasonPsi() {
    DriftSummary mix = drift.summaries().stream().filter(s -> s.name().equals(LlmBehaviour.FINISH_REASONS_OUTPUT)).findFirst().orElseThrow();
    return mix.lastPsi();
  }

  /** Model -> output_drift flags in inferscope.anomaly.count; the key is the non-streaming one whatever the calls were. */
  private static Map<String, Long> driftFlags(Collection<MetricData> all) {
    Map<String, Long> flags = new HashMap<>();
    all.stream().filter(m -> m.getName().equals("inferscope.anomaly.count"))
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(p -> "output_drift".equals(p.getAttributes().get(REASON)))
        .forEach(p -> {
          assertEquals(Boolean.FALSE, p.getAttributes().get(AttributeKey.booleanKey("inferscope.anomaly.streaming")), p::toString);
          assertEquals("chat", p.getAttributes().get(AttributeKey.stringKey("inferscope.anomaly.operation")));
          assertEquals("openai", p.getAttributes().get(AttributeKey.stringKey("inferscope.anomaly.system")));
          flags.merge(p.getAttributes().get(KEY_MODEL), p.getValue(), Long::sum);
        });
    return flags;
  }
}
