package io.inferscope.agent.llm;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.drift.DriftMetrics;
import io.inferscope.agent.drift.DriftMonitor;
import io.inferscope.agent.sampling.AnomalySampling;
import io.inferscope.agent.spend.PriceTable;
import io.inferscope.agent.spend.SpendRecorder;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Spans and metrics of LLM calls per the GenAI semantic conventions (v1.41.0), shared by every hook
 * that sees such a call (HTTP clients, SDKs): the hooks say what happened, this says how it is
 * recorded. Bucket boundaries are the conventions' own.
 */
public final class GenAiTelemetry {
  static final String SCOPE = "io.inferscope.genai";
  private static final List<Double> DURATION_BUCKETS =
      List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  private static final List<Long> TOKEN_BUCKETS =
      List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L, 16777216L, 67108864L);

  private static GenAiTelemetry shared;

  private final Tracer tracer;
  private final GenAiSettings settings;
  final DoubleHistogram operationDuration;
  final LongHistogram tokenUsage;
  /** Latest conventions only (null otherwise): token counters replacing the token-usage histogram. */
  final TokenCounters tokenCounters;
  final DoubleHistogram timeToFirstChunk;
  final DoubleHistogram timePerOutputChunk;
  /** Null unless the anomaly sampler is in use: then every call is judged as it ends. */
  final AnomalySampling anomalies = AnomalySampling.current();
  /** Cost per call from its usage and the price table (README, "Spend"). */
  final SpendRecorder spend;
  /** Finish reasons of every complete response, and their and the output length's drift (README, "LLM behaviour"). */
  final LlmBehaviour behaviour;

  /** With the built-in price table only. */
  public GenAiTelemetry(OpenTelemetry openTelemetry, String version, GenAiSettings settings) {
    this(openTelemetry, version, settings, PriceTable::builtIn);
  }

  /** Without drift watching: the finish-reason counter still counts. */
  public GenAiTelemetry(OpenTelemetry openTelemetry, String version, GenAiSettings settings, Supplier<PriceTable> prices) {
    this(openTelemetry, version, settings, prices, null);
  }

  /**
   * @param prices reads the price table, on the first call that reports usage
   * @param drift where the finish reason and output length of each model are watched for drift; null: not watched
   */
  public GenAiTelemetry(OpenTelemetry openTelemetry, String version, GenAiSettings settings, Supplier<PriceTable> prices,
      DriftMetrics drift) {
    this.tracer = openTelemetry.getTracer(SCOPE, version);
    this.settings = settings;
    Meter meter = openTelemetry.getMeter(SCOPE);
    // v1.41.0's names by default; under the opt-in, those of the conventions' own repository (main), where the
    // client's time metrics are named for inference (its PR #521) and token usage is counters (TokenCounters).
    String timing = settings.latestConventions() ? "gen_ai.client.inference." : "gen_ai.client.operation.";
    this.operationDuration = seconds(meter, timing + "duration", "GenAI operation duration");
    // An instrument that is never recorded exports nothing, but is not built either when replaced.
    this.tokenUsage = settings.latestConventions() ? null
        : meter.histogramBuilder("gen_ai.client.token.usage").ofLongs().setUnit("{token}")
            .setDescription("Number of input and output tokens used").setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS).build();
    this.tokenCounters = settings.latestConventions() ? new TokenCounters(meter, TOKEN_BUCKETS) : null;
    this.timeToFirstChunk =
        seconds(meter, timing + "time_to_first_chunk", "Time to receive the first chunk of a streamed response");
    this.timePerOutputChunk =
        seconds(meter, timing + "time_per_output_chunk", "Time between consecutive chunks of a streamed response");
    this.spend = new SpendRecorder(meter, prices);
    this.behaviour = new LlmBehaviour(meter, drift);
  }

  /**
   * The one instance every LLM hook (HTTP clients, SDKs) records through, so they share settings and
   * instruments; settings are read once, on first use (the price file when the first call needs it).
   */
  public static synchronized GenAiTelemetry shared(OpenTelemetry openTelemetry, String version) {
    if (shared == null) {
      AgentConfig config = AgentConfig.fromSystem();
      // The process's one drift monitor (null when inferscope.drift.enabled=false), shared with ONNX Runtime and
      // DJL so the summary cap and the anomaly count hold for all of them.
      DriftMonitor monitor = DriftMonitor.shared(openTelemetry, version);
      shared = new GenAiTelemetry(openTelemetry, version, GenAiSettings.from(config), () -> PriceTable.load(config),
          monitor == null ? null : monitor.metrics());
    }
    return shared;
  }

  private static DoubleHistogram seconds(Meter meter, String name, String description) {
    return meter.histogramBuilder(name).setUnit("s").setDescription(description)
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
  }

  public GenAiSettings settings() {
    return settings;
  }

  /**
   * Starts the span of one logical LLM call, a child of {@code parent}.
   *
   * @param requestModel the model asked for, or null when the request does not say
   * @param serverAddress host, or null when unknown; {@code serverPort} is then ignored
   */
  public LlmCall start(
      Context parent, String operation, String provider, String requestModel, String serverAddress, int serverPort,
      SpanKind kind) {
    return start(parent, operation, provider, requestModel, serverAddress, serverPort, kind, 0, System.nanoTime());
  }

  /**
   * As {@link #start(Context, String, String, String, String, int, SpanKind)}, for a call that began
   * earlier than its span (an SDK call whose first HTTP attempt starts the span).
   *
   * @param startEpochNanos the span's start time, or 0 for now
   * @param startNanos the {@link System#nanoTime} the duration counts from
   */
  LlmCall start(
      Context parent, String operation, String provider, String requestModel, String serverAddress, int serverPort,
      SpanKind kind, long startEpochNanos, long startNanos) {
    String name = requestModel == null ? operation : operation + " " + requestModel;
    AttributesBuilder common = Attributes.builder()
        .put(GenAiAttributes.OPERATION_NAME, operation)
        .put(GenAiAttributes.PROVIDER_NAME, provider);
    if (requestModel != null) {
      common.put(GenAiAttributes.REQUEST_MODEL, requestModel);
    }
    if (serverAddress != null) {
      common.put(GenAiAttributes.SERVER_ADDRESS, serverAddress);
      if (serverPort > 0) {
        common.put(GenAiAttributes.SERVER_PORT, (long) serverPort);
      }
    }
    Attributes metricBase = common.build();
    SpanBuilder builder = tracer.spanBuilder(name).setParent(parent).setSpanKind(kind).setAllAttributes(metricBase);
    if (startEpochNanos > 0) {
      builder.setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS);
    }
    Span span = builder.startSpan();
    return new LlmCall(this, span, parent.with(span), metricBase, startNanos);
  }
}
