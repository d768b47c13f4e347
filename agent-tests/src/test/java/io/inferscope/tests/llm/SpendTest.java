package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.AppSequence;
import io.inferscope.tests.apps.JdkHttpLlmSequenceApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.LocalHttp;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spend end to end (README, "Spend"): the built agent in a forked JVM calling the fake LLM server,
 * whose answers report 11 input tokens (3 of them cached; Anthropic: plus 3 read from and 5 written to
 * the cache), 7 output tokens (2 of them reasoning, OpenAI). Costs and counters are read from OTLP and
 * from the Prometheus endpoint; messages about price files from the application's stderr.
 */
class SpendTest {
  private static final String COST = "inferscope.genai.cost";
  private static final String UNPRICED = "inferscope.genai.unpriced";
  private static final String HEADER = "provider,model,input,output,cache_read,cache_write,reasoning,currency";
  /** Binary-fraction prices, so every amount below is exact: per 1M tokens, input 2, output 8, cache read 0.5, cache write 2.5, reasoning 16. */
  private static final String USER_PRICES = HEADER + "\n"
      + "# test prices\n"
      + "openai,spend-gpt,2,8,0.5,,16,USD\n"
      + "anthropic,spend-claude,2,8,0.5,2.5,,EUR\n";
  /** OpenAI: (11 - 3 cached) x 2 + 3 x 0.5 + (7 - 2 reasoning) x 8 + 2 x 16. */
  private static final double OPENAI_COST = (8 * 2.0 + 3 * 0.5 + 5 * 8.0 + 2 * 16.0) / 1e6;
  /** Anthropic: 11 uncached x 2 + 3 read x 0.5 + 5 written x 2.5 + 7 x 8 (reasoning falls back to output). */
  private static final double ANTHROPIC_COST = (11 * 2.0 + 3 * 0.5 + 5 * 2.5 + 7 * 8.0) / 1e6;
  /** gpt-4o-mini in the built-in table: input 0.15, cached 0.075, output (reasoning too) 0.60. */
  private static final double BUILT_IN_MINI_COST = (8 * 0.15 + 3 * 0.075 + 7 * 0.60) / 1e6;

  @TempDir Path dir;

  private static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }

  private static String stream(String model) {
    return "{\"model\":\"" + model + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }

  private static String anthropic(String model) {
    return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }

  @Test
  void userPricesGiveExactCostsWithCachedReasoningAndCacheWriteTokensPricedApart() throws IOException {
    Path prices = Files.writeString(dir.resolve("prices.csv"), USER_PRICES);
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String openAi = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = LlmRuns.jdkSequence(receiver,
              openAi, "string", chat("spend-gpt"),
              "--", openAi, "lines", stream("spend-gpt"),
              "--", server.baseUrl() + "/v1/messages", "string", anthropic("spend-claude"),
              "--", openAi, "string", chat("spend-unknown"),
              "--", openAi, "string", chat("no-usage"))
          .env("INFERSCOPE_GENAI_PRICES", prices.toString()).run().assertSuccess();
      assertEquals(5, result.stdout().lines().filter(l -> l.equals("status=200")).count(), () -> output(result));
      assertFalse(result.stderr().contains("[inferscope] WARN"), result::stderr);
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());

      List<ReceivedSpan> gpt = spans.stream().filter(s -> "spend-gpt".equals(s.attr("gen_ai.request.model"))).toList();
      assertEquals(2, gpt.size(), spans::toString);
      for (ReceivedSpan span : gpt) {
        assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"), span::toString);
        assertEquals((long) FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.reasoning.output_tokens"), span::toString);
        assertCost(span, OPENAI_COST, "USD");
      }
      ReceivedSpan claude = LlmRuns.onlyNamed(spans, "chat spend-claude");
      assertEquals((long) FakeAnswer.CACHE_CREATION_TOKENS, claude.longAttr("gen_ai.usage.cache_creation.input_tokens"), claude::toString);
      assertCost(claude, ANTHROPIC_COST, "EUR");
      for (String name : List.of("chat spend-unknown", "chat no-usage")) {
        ReceivedSpan span = LlmRuns.onlyNamed(spans, name);
        for (String key : List.of("gen_ai.usage.cost.amount", "gen_ai.usage.cost.currency", "gen_ai.usage.cost.source")) {
          assertNull(span.attributes().get(key), () -> key + " on " + span);
        }
      }

      ReceivedMetric gptCost = only(series(receiver, COST, Map.of("gen_ai.request.model", "spend-gpt")));
      assertEquals("SUM", gptCost.type());
      assertEquals("{cost}", gptCost.unit());
      assertEquals(LlmRuns.SCOPE, gptCost.scopeName());
      assertEquals(2 * OPENAI_COST, gptCost.value(), "the chat and the stream");
      assertEquals(Map.of("gen_ai.provider.name", "openai", "gen_ai.request.model", "spend-gpt",
          "gen_ai.response.model", "spend-gpt" + FakeAnswer.RESPONSE_MODEL_SUFFIX, "gen_ai.usage.cost.currency", "USD"), gptCost.attributes());
      ReceivedMetric claudeCost = only(series(receiver, COST, Map.of("gen_ai.request.model", "spend-claude")));
      assertEquals(ANTHROPIC_COST, claudeCost.value());
      assertEquals("EUR", claudeCost.attr("gen_ai.usage.cost.currency"));
      assertEquals(2, series(receiver, COST, Map.of()).size(), () -> "unpriced and usage-less calls cost nothing: " + receiver.metrics());

      ReceivedMetric unpriced = only(series(receiver, UNPRICED, Map.of()));
      assertEquals("SUM", unpriced.type());
      assertEquals("{call}", unpriced.unit());
      assertEquals(1.0, unpriced.value(), "the unknown model; not the call without usage");
      assertEquals(Map.of("gen_ai.provider.name", "openai", "gen_ai.request.model", "spend-unknown",
          "gen_ai.response.model", "spend-unknown" + FakeAnswer.RESPONSE_MODEL_SUFFIX), unpriced.attributes());
    }
  }

  /**
   * The default: no price setting, the built-in table. Over Prometheus, the names alert rules use:
   * {@code inferscope_genai_cost_total} and {@code inferscope_genai_unpriced_total}.
   */
  @Test
  void byDefaultTheBuiltInTablePricesKnownModelsAndPrometheusNamesBothCounters() {
    int port = FreePort.pick();
    try (FakeLlmServer server = FakeLlmServer.start()) {
      String openAi = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm jvm = ForkedJvm.java17().withAgent().classpathFromTest().mainClass(AppSequence.class.getName())
          .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none")
          .env("OTEL_METRICS_EXPORTER", "prometheus").env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(port))
          .args("60", JdkHttpLlmSequenceApp.class.getName(), openAi, "string", chat("gpt-4o-mini"),
              "--", openAi, "string", chat("spend-unknown"));
      try (ChildProcess app = jvm.start()) {
        app.waitForOutput("waiting", Duration.ofSeconds(60));
        String body = LocalHttp.get("http://127.0.0.1:" + port + "/metrics");
        String cost = sample(body, "inferscope_genai_cost_total{", "gen_ai_request_model=\"gpt-4o-mini\"");
        assertTrue(cost.contains("gen_ai_response_model=\"gpt-4o-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX + "\"")
            && cost.contains("gen_ai_provider_name=\"openai\"") && cost.contains("gen_ai_usage_cost_currency=\"USD\""), cost);
        assertEquals(BUILT_IN_MINI_COST, value(cost), 1e-15, cost);
        String unpriced = sample(body, "inferscope_genai_unpriced_total{", "gen_ai_request_model=\"spend-unknown\"");
        assertEquals(1.0, value(unpriced), unpriced);
        assertTrue(body.lines().noneMatch(l -> l.startsWith("inferscope_genai_cost_total{") && l.contains("spend-unknown")), body);
        String err = app.stop().stderr();
        assertFalse(err.contains("[inferscope] WARN"), err);
      }
    }
  }

  @Test
  void aMissingPriceFileIsNamedOnceAndTheBuiltInTableStillPrices() {
    Path missing = dir.resolve("no-such-prices.csv");
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String openAi = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = LlmRuns.jdkSequence(receiver, openAi, "string", chat("gpt-4o-mini"), "--", openAi, "lines", stream("gpt-4o-mini"))
          .sysProp("inferscope.genai.prices", missing.toString()).run().assertSuccess();
      assertEquals(2, result.stdout().lines().filter(l -> l.equals("status=200")).count(), () -> output(result));
      assertEquals(List.of("[inferscope] WARN cannot use the price file " + missing
              + " (inferscope.genai.prices): no such file; LLM calls are priced by the built-in table only"),
          warnings(result), result::stderr);
      for (ReceivedSpan span : LlmRuns.genAiSpans(receiver.spans())) {
        assertEquals(BUILT_IN_MINI_COST, (Double) span.attributes().get("gen_ai.usage.cost.amount"), 1e-15, span::toString);
      }
      assertEquals(2 * BUILT_IN_MINI_COST, only(series(receiver, COST, Map.of())).value(), 1e-15);
    }
  }

  @Test
  void aBadLineIsNamedAndSkippedWhileTheRestOfTheFileAndTheBuiltInTablePrice() throws IOException {
    Path prices = Files.writeString(dir.resolve("prices.csv"), HEADER + "\n"
        + "openai,spend-gpt,2,8,0.5,,16,USD\n"
        + "openai,spend-broken,two,8,,,,USD\n");
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String openAi = server.baseUrl() + "/v1/chat/completions";
      ForkedJvm.Result result = LlmRuns.jdkSequence(receiver,
              openAi, "string", chat("spend-gpt"), "--", openAi, "string", chat("spend-broken"), "--", openAi, "string", chat("gpt-4o-mini"))
          .env("INFERSCOPE_GENAI_PRICES", prices.toString()).run().assertSuccess();
      assertEquals(3, result.stdout().lines().filter(l -> l.equals("status=200")).count(), () -> output(result));
      assertEquals(List.of("[inferscope] WARN price file " + prices + ":3: the input price 'two' is not a number; line skipped"),
          warnings(result), result::stderr);
      List<ReceivedSpan> spans = LlmRuns.genAiSpans(receiver.spans());
      assertCost(LlmRuns.onlyNamed(spans, "chat spend-gpt"), OPENAI_COST, "USD");
      assertNull(LlmRuns.onlyNamed(spans, "chat spend-broken").attributes().get("gen_ai.usage.cost.amount"), "its line was skipped");
      assertEquals(BUILT_IN_MINI_COST, (Double) LlmRuns.onlyNamed(spans, "chat gpt-4o-mini").attributes().get("gen_ai.usage.cost.amount"), 1e-15);
      assertEquals(1.0, only(series(receiver, UNPRICED, Map.of("gen_ai.request.model", "spend-broken"))).value());
    }
  }

  /** Nothing mode-specific: as the OpenTelemetry Java agent's extension, spend goes through that agent's SDK. */
  @Test
  void asAnExtensionOfTheOpenTelemetryJavaAgentSpendIsRecordedThroughItsSdk() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = AgentApps.exportingTo(
          ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent()).classpathFromTest(), receiver, AgentApps.HTTP);
      ForkedJvm.Result result = jvm.mainClass(JdkHttpLlmSequenceApp.class.getName())
          .args(server.baseUrl() + "/v1/chat/completions", "string", chat("gpt-4o-mini")).run().assertSuccess();
      assertTrue(result.stdout().contains("status=200"), () -> output(result));
      ReceivedSpan span = LlmRuns.onlyNamed(receiver.spans(), "chat gpt-4o-mini");
      assertEquals(BUILT_IN_MINI_COST, (Double) span.attributes().get("gen_ai.usage.cost.amount"), 1e-15, span::toString);
      assertEquals(AgentApps.OTEL_AGENT_DISTRO, span.resource().get("telemetry.distro.name"));
      ReceivedMetric cost = only(series(receiver, COST, Map.of()));
      assertEquals(BUILT_IN_MINI_COST, cost.value(), 1e-15);
      assertEquals(AgentApps.OTEL_AGENT_DISTRO, cost.resource().get("telemetry.distro.name"), "the agent's SDK");
    }
  }

  private static void assertCost(ReceivedSpan span, double amount, String currency) {
    assertEquals(amount, span.attributes().get("gen_ai.usage.cost.amount"), span::toString);
    assertEquals(currency, span.attr("gen_ai.usage.cost.currency"), span::toString);
    assertEquals("local", span.attr("gen_ai.usage.cost.source"), span::toString);
  }

  private static ReceivedMetric only(List<ReceivedMetric> series) {
    assertEquals(1, series.size(), series::toString);
    return series.get(0);
  }

  private static List<String> warnings(ForkedJvm.Result result) {
    return result.stderr().lines().filter(l -> l.startsWith("[inferscope] WARN") || l.startsWith("[inferscope] ERROR")).toList();
  }

  /** The one sample line of the Prometheus text starting with {@code start} and containing {@code label}. */
  private static String sample(String body, String start, String label) {
    List<String> lines = body.lines().filter(l -> l.startsWith(start) && l.contains(label)).toList();
    assertEquals(1, lines.size(), () -> start + " " + label + " in\n" + body);
    return lines.get(0);
  }

  private static double value(String sample) {
    return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
  }
}
