package io.inferscope.tests.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.AppSequence;
import io.inferscope.tests.apps.JdkHttpLlmSequenceApp;
import io.inferscope.tests.apps.OrtApp;
import io.inferscope.tests.apps.OrtDriftApp;
import io.inferscope.tests.backends.PrometheusServer.Sample;
import io.inferscope.tests.djl.DjlRuns;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OnnxModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scraping the agent's Prometheus exporter in a long-running application (forked JVM):
 * DJL on ONNX Runtime, a failing ONNX Runtime run, a failing DJL load, and chats, streamed chats and a
 * failing chat to the fake LLM server, under the anomaly sampler. Once Prometheus has scraped the finished
 * work, its query API must return the inference, load, phase, GenAI and sampler series with their labels,
 * and every query of the Grafana dashboard in docs/grafana must find series.
 */
class PrometheusScrapeTest {
  /**
   * Past the detector's warm-up and first threshold computation, so baseline gauges exist: DJL's key is
   * judged for its batch size, which takes 50 calls to fit the size model, then 50 for its ratio baseline.
   */
  private static final int CALLS = 120;
  private static final String FAILING_CHAT = "{\"model\":\"error-400\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  /** A model no price table knows: counted as unpriced (the others, gpt-4o-mini, are in the built-in table). */
  private static final String UNPRICED_CHAT = TracedApps.CHAT.replace(TracedApps.LLM_MODEL, "in-house-llm");
  private static final String UNPRICED_ALERT = "ALERTS{alertname=\"InferScopeGenAiUnpricedCalls\"}";
  private static final String DRIFT_ALERT = "ALERTS{alertname=\"InferScopeModelDrift\"}";
  private static final Duration WORK = Duration.ofSeconds(120);
  private static final Duration SCRAPED = Duration.ofSeconds(30);

  @TempDir static Path dir;
  private static FakeLlmServer llm;
  private static PrometheusServer prometheus;
  private static ChildProcess app;
  private static String instance;

  /** One run serves all the tests: they look at different parts of what Prometheus stored. */
  @BeforeAll
  static void runTheApplicationUntilPrometheusHasScrapedItsFinishedWork() throws IOException {
    llm = FakeLlmServer.start();
    int metricsPort = FreePort.pick();
    instance = "127.0.0.1:" + metricsPort;
    // Prometheus first, as in production: it is already scraping when the application starts.
    prometheus = PrometheusServer.scraping(instance, Files.createDirectories(dir.resolve("prometheus")));
    app = application(metricsPort).start();
    app.waitForOutput("waiting", WORK);
    // Two scrapes that began after the work was done: the final values, and enough samples for rate().
    double first = prometheus.awaitScrapeAfter(System.currentTimeMillis() / 1000.0, SCRAPED);
    prometheus.awaitScrapeAfter(first, SCRAPED);
    // The rules are evaluated every second: the unpriced call's alert goes pending (its for: is 5m), and so do
    // the drifted classifier's (for: 10m).
    prometheus.awaitSeries(UNPRICED_ALERT, SCRAPED);
    prometheus.awaitSeries(DRIFT_ALERT, SCRAPED);
  }

  @AfterAll
  static void stopEverything() {
    try (FakeLlmServer l = llm; PrometheusServer p = prometheus; ChildProcess a = app) {
      // Leaving the block closes the application, Prometheus and the fake LLM server, each even if another fails.
    }
  }

  private static ForkedJvm application(int metricsPort) throws IOException {
    Path models = Files.createDirectories(dir.resolve("models"));
    Path model = OnnxModels.matmulRelu(models);
    Path classifier = OnnxModels.classifier(models);
    String chatUrl = llm.baseUrl() + "/v1/chat/completions";
    List<String> args = new ArrayList<>(List.of(String.valueOf(WORK.toSeconds()),
        DjlRuns.APP, DjlRuns.ORT, "threads", models.toString(), "1", String.valueOf(CALLS), AppSequence.SEPARATOR,
        DjlRuns.APP, DjlRuns.ORT, "load-missing", models.toString(), AppSequence.SEPARATOR,
        OrtApp.class.getName(), "wrong-input", model.toString(), AppSequence.SEPARATOR,
        // A classifier whose inputs shift: drift series, drift flags and the drift alert. After DJL, whose ONNX
        // Runtime engine must create the process's OrtEnvironment itself.
        OrtDriftApp.class.getName(), classifier.toString(), "1500", "1500", "16", "0", AppSequence.SEPARATOR,
        JdkHttpLlmSequenceApp.class.getName()));
    for (int i = 0; i < CALLS; i++) {
      args.addAll(List.of(chatUrl, "string", TracedApps.CHAT, "--", chatUrl, "lines", TracedApps.CHAT_STREAM, "--"));
    }
    args.addAll(List.of(chatUrl, "string", FAILING_CHAT, "--", chatUrl, "string", UNPRICED_CHAT));
    return DjlRuns.plain(ForkedJvm.java17().withAgent(), DjlRuns.ORT)
        .mainClass(AppSequence.class.getName())
        .env("OTEL_SERVICE_NAME", "scoring-service")
        .env("OTEL_TRACES_EXPORTER", "none")
        .env("OTEL_LOGS_EXPORTER", "none")
        .env("OTEL_METRICS_EXPORTER", "prometheus")
        .env("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
        .env("OTEL_EXPORTER_PROMETHEUS_PORT", String.valueOf(metricsPort))
        // Every trace kept; the sampler's own metrics are what is looked at here.
        .env("OTEL_TRACES_SAMPLER", "inferscope_anomaly")
        .env("OTEL_TRACES_SAMPLER_ARG", "1.0")
        .args(args.toArray(String[]::new));
  }

  @Test
  void inferenceAndLlmMetricsArriveWithTheirLabels() {
    Map<String, String> djl = Map.of("ml_framework", "djl", "ml_engine", "OnnxRuntime", "ml_model_name", TracedApps.MODEL,
        "ml_operation", "predict", "ml_device", "cpu", "job", PrometheusServer.JOB, "instance", instance);
    assertEquals(CALLS, only("ml_inference_duration_seconds_count{ml_framework=\"djl\"}", djl).value());
    // ONNX Runtime's own runs inside DJL's predictions, and the failed run with its exception class.
    assertEquals(CALLS, only("ml_inference_duration_seconds_count{ml_framework=\"onnxruntime\", ml_model_name=\"" + TracedApps.MODEL + "\", error_type=\"\"}",
        Map.of("ml_engine", "CPU", "ml_model_name", TracedApps.MODEL, "ml_operation", "predict")).value());
    assertEquals(1, only("ml_inference_duration_seconds_count{error_type!=\"\"}",
        Map.of("error_type", "ai.onnxruntime.OrtException", "ml_framework", "onnxruntime")).value());
    assertEquals(CALLS, only("ml_inference_batch_size_sum{ml_framework=\"djl\"}", djl).value());
    for (String phase : List.of("preprocess", "inference", "postprocess")) {
      Sample sample = only("ml_djl_phase_duration_seconds_count{ml_djl_phase=\"" + phase + "\"}", djl);
      assertEquals(CALLS, sample.value(), sample::toString);
    }
    assertEquals(1, only("ml_model_load_duration_seconds_count{ml_framework=\"djl\", error_type=\"\"}",
        Map.of("ml_engine", "OnnxRuntime", "ml_model_name", TracedApps.MODEL, "ml_operation", "load")).value());
    assertEquals(1, only("ml_model_load_duration_seconds_count{ml_framework=\"djl\", error_type!=\"\"}", Map.of()).value());

    Map<String, String> chat = Map.of("gen_ai_operation_name", "chat", "gen_ai_provider_name", "openai",
        "gen_ai_request_model", TracedApps.LLM_MODEL, "gen_ai_response_model", TracedApps.LLM_MODEL + FakeAnswer.RESPONSE_MODEL_SUFFIX,
        "server_address", "127.0.0.1", "server_port", String.valueOf(llm.port()));
    assertEquals(2 * CALLS, only("gen_ai_client_operation_duration_seconds_count{error_type=\"\", gen_ai_request_model=\"" + TracedApps.LLM_MODEL + "\"}", chat).value());
    assertEquals(1, only("gen_ai_client_operation_duration_seconds_count{error_type!=\"\"}",
        Map.of("error_type", "400", "gen_ai_request_model", "error-400")).value());
    assertEquals(2 * CALLS * FakeAnswer.INPUT_TOKENS, only("gen_ai_client_token_usage_sum{gen_ai_token_type=\"input\", gen_ai_request_model=\"" + TracedApps.LLM_MODEL + "\"}", chat).value());
    assertEquals(2 * CALLS * FakeAnswer.OUTPUT_TOKENS, only("gen_ai_client_token_usage_sum{gen_ai_token_type=\"output\", gen_ai_request_model=\"" + TracedApps.LLM_MODEL + "\"}", chat).value());
    assertEquals(CALLS, only("gen_ai_client_operation_time_to_first_chunk_seconds_count", chat).value());
    // Resource attributes are on target_info, not on every series.
    assertEquals("scoring-service", only("target_info{telemetry_distro_name=\"inferscope\"}", Map.of()).label("service_name"));
    assertTrue(prometheus.query("ml_inference_duration_seconds_count{service_name!=\"\"}").isEmpty(), "no resource labels on series");
  }

  /** Runtime and model-serving resources under their Prometheus names; every model was closed by the end. */
  @Test
  void resourceMetricsArrive() {
    for (String framework : List.of("djl", "onnxruntime")) {
      List<Sample> loaded = prometheus.query("ml_model_loaded{ml_framework=\"" + framework + "\"}");
      assertFalse(loaded.isEmpty(), () -> framework + " models were loaded");
      assertTrue(loaded.stream().allMatch(s -> s.value() == 0), () -> "all closed again: " + loaded);
    }
    assertEquals(0, only("sum(ml_inference_active{ml_framework=\"djl\", ml_operation=\"predict\"})", Map.of()).value());
    double heap = only("sum(jvm_memory_used_bytes{jvm_memory_type=\"heap\"})", Map.of()).value();
    assertTrue(heap > 0, "heap used " + heap);
    assertTrue(only("process_memory_usage_bytes", Map.of()).value() > heap, "resident memory holds the heap");
    assertTrue(only("sum(jvm_gc_duration_seconds_count)", Map.of()).value() >= 0);
    assertFalse(prometheus.query("jvm_cpu_recent_utilization").isEmpty(), () -> "CPU utilisation: " + prometheus.metricNames());
    assertTrue(only("sum(jvm_thread_count)", Map.of()).value() >= 2);
  }

  @Test
  void anomalySamplerMetricsArrive() {
    Sample failedChat = only("inferscope_anomaly_count_total{inferscope_anomaly_reason=\"error\", inferscope_anomaly_system=\"openai\"}",
        Map.of("inferscope_anomaly_model", "error-400", "inferscope_anomaly_operation", "chat"));
    assertEquals(1, failedChat.value());
    assertEquals(1, only("inferscope_anomaly_count_total{inferscope_anomaly_reason=\"error\", inferscope_anomaly_system=\"onnxruntime\"}",
        Map.of("inferscope_anomaly_model", TracedApps.MODEL)).value());
    for (String[] key : List.of(new String[] {"djl", "duration"}, new String[] {"openai", "ttft"})) {
      String selector = "{inferscope_anomaly_system=\"" + key[0] + "\", inferscope_anomaly_quantity=\"" + key[1] + "\", inferscope_anomaly_statistic=\"%s\"}";
      double p50 = only("inferscope_anomaly_baseline_seconds" + selector.formatted("p50"), Map.of()).value();
      double p99 = only("inferscope_anomaly_baseline_seconds" + selector.formatted("p99"), Map.of()).value();
      double threshold = only("inferscope_anomaly_baseline_seconds" + selector.formatted("threshold"), Map.of()).value();
      assertTrue(0 < p50 && p50 <= p99 && p99 <= threshold, () -> String.join(" ", key) + ": p50 " + p50 + ", p99 " + p99 + ", threshold " + threshold);
    }
    for (String cause : List.of("rate_limited", "buffer_full")) {
      // Everything is kept at probability 1, so nothing had to be dropped; the series say so.
      assertEquals(0, only("inferscope_sampling_dropped_total{inferscope_sampling_drop_cause=\"" + cause + "\"}", Map.of()).value());
    }
  }

  /** The shipped rules load into a real Prometheus and evaluate the agent's real series: the unpriced model's alert is pending. */
  @Test
  void theAlertRulesLoadAndTheUnpricedModelsAlertIsPending() {
    Set<String> loaded = prometheus.alertRuleNames();
    assertTrue(loaded.size() >= 12 && loaded.stream().allMatch(name -> name.startsWith("InferScope")), loaded::toString);
    Sample alert = only(UNPRICED_ALERT, Map.of("alertstate", "pending", "gen_ai_request_model", "in-house-llm",
        "gen_ai_provider_name", "openai", "severity", "warning", "job", PrometheusServer.JOB));
    assertEquals(1, alert.value());
    // The classifier's three outputs and its input drifted: each has its drift alert pending.
    List<Sample> drift = prometheus.query(DRIFT_ALERT);
    assertEquals(Set.of("output probs", "output label", "output confidence", "input X"), drift.stream()
        .map(a -> a.label("ml_input_name") != null ? "input " + a.label("ml_input_name") : "output " + a.label("ml_output_name"))
        .collect(Collectors.toSet()), drift::toString);
    assertTrue(drift.stream().allMatch(a -> "pending".equals(a.label("alertstate")) && "classifier".equals(a.label("ml_model_name"))
        && "warning".equals(a.label("severity"))), drift::toString);
    // Nothing else is wrong in this run: no other alert is pending or firing.
    assertEquals(1 + drift.size(), prometheus.query("ALERTS").size(), () -> prometheus.query("ALERTS").toString());
  }

  /** Drift under its Prometheus names: the classifier's shift in the gauge, the class counter, the flags. */
  @Test
  void driftMetricsArrive() {
    Sample probs = only("ml_prediction_drift{ml_output_name=\"probs\"}", Map.of("ml_model_name", "classifier"));
    assertTrue(probs.value() > 0.2, probs::toString);
    assertFalse(prometheus.query("ml_prediction_drift{ml_input_name=\"X\", ml_input_feature_index=\"0\"}").isEmpty());
    assertEquals(3, prometheus.query("ml_prediction_class_total{ml_model_name=\"classifier\", ml_output_name=\"label\"}").size(),
        "one series per class");
    assertFalse(prometheus.query("ml_prediction_score_bucket{ml_output_name=\"confidence\"}").isEmpty());
    assertEquals(3, only("sum(inferscope_anomaly_count_total{inferscope_anomaly_reason=\"output_drift\", inferscope_anomaly_model=\"classifier\"})",
        Map.of()).value());
    assertEquals(1, only("inferscope_anomaly_count_total{inferscope_anomaly_reason=\"input_drift\"}",
        Map.of("inferscope_anomaly_model", "classifier", "inferscope_anomaly_system", "onnxruntime")).value());
  }

  /** Spend under its Prometheus names: the built-in table prices gpt-4o-mini; the in-house model is counted as unpriced. */
  @Test
  void spendMetricsArrive() {
    Sample cost = only("sum by (gen_ai_provider_name, gen_ai_request_model, gen_ai_usage_cost_currency) (inferscope_genai_cost_total)",
        Map.of("gen_ai_provider_name", "openai", "gen_ai_request_model", TracedApps.LLM_MODEL, "gen_ai_usage_cost_currency", "USD"));
    assertTrue(cost.value() > 0, cost::toString);
    assertEquals(1, only("inferscope_genai_unpriced_total", Map.of("gen_ai_request_model", "in-house-llm")).value());
  }

  @Test
  void everyDashboardQueryFindsItsSeries() {
    List<GrafanaDashboard.Query> queries = GrafanaDashboard.queries(GrafanaDashboard.file());
    assertTrue(queries.size() > 20, () -> "the dashboard's queries: " + queries);
    Set<String> stored = prometheus.metricNames();
    for (GrafanaDashboard.Query query : queries) {
      assertEquals("${DS_PROMETHEUS}", query.datasourceUid(), () -> query.where() + " asks the dashboard's Prometheus input");
      Set<String> names = query.metricNames();
      assertFalse(names.isEmpty(), () -> query.where() + " names no metric as name{...}: " + query.expr());
      for (String name : names) {
        assertTrue(stored.contains(name), () -> query.where() + " uses " + name + ", which Prometheus does not have; it has " + stored);
      }
      List<Sample> result = prometheus.query(query.promql());
      assertFalse(result.isEmpty(), () -> query.where() + " finds no series: " + query.promql());
    }
  }

  /** The one series {@code promql} selects, which must carry {@code labels}. */
  private static Sample only(String promql, Map<String, String> labels) {
    List<Sample> result = prometheus.query(promql);
    assertEquals(1, result.size(), () -> "one series for " + promql + ": " + result);
    Sample sample = result.get(0);
    labels.forEach((name, value) -> assertEquals(value, sample.label(name), () -> name + " of " + sample));
    return sample;
  }
}
