package io.inferscope.agent.sampling;

import io.inferscope.agent.anomaly.AnomalyDetector;
import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.anomaly.Verdict;
import io.inferscope.agent.config.AgentConfig;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * The anomaly sampler at run time, present only when {@code OTEL_TRACES_SAMPLER=inferscope_anomaly}: the
 * detector every inference and LLM hook asks when a call ends, the sampler, the local-trace processors in
 * front of the exporters, and their metrics. One per JVM, built by whichever of the SDK's sampler and
 * processor configuration asks first.
 */
public final class AnomalySampling {
  static final String SCOPE = "io.inferscope.sampling";
  private static volatile AnomalySampling current;

  private final SamplingSettings settings;
  private final AnomalyDetector detector;
  private final RateCap rateCap;
  private final SamplingDrops drops = new SamplingDrops();

  AnomalySampling(SamplingSettings settings) {
    this.settings = settings;
    this.detector = new AnomalyDetector(settings.detector());
    this.rateCap = new RateCap(settings.maxTracesPerSecond(), System::nanoTime);
  }

  /** The anomaly sampler in use, or null when another sampler was chosen: hooks then judge nothing. */
  public static AnomalySampling current() {
    return current;
  }

  /** Whether the SDK configuration selects this sampler. */
  public static boolean selected(ConfigProperties config) {
    String sampler = config.getString("otel.traces.sampler");
    return sampler != null && SamplingSettings.SAMPLER_NAME.equals(sampler.trim());
  }

  static synchronized AnomalySampling forConfig(ConfigProperties config) {
    if (current == null) {
      current = new AnomalySampling(SamplingSettings.from(AgentConfig.fromSystem(), config.getString(SamplingSettings.SAMPLER_ARG)));
    }
    return current;
  }

  /** The processor customizer: export processors get a local-trace buffer in front when this sampler is used. */
  public static SpanProcessor wrap(SpanProcessor exportProcessor, ConfigProperties config) {
    return selected(config) ? forConfig(config).inFrontOf(exportProcessor) : exportProcessor;
  }

  Sampler sampler() {
    return new AnomalySampler(settings.baseProbability());
  }

  SpanProcessor inFrontOf(SpanProcessor exportProcessor) {
    return new LocalTraceProcessor(exportProcessor, rateCap, drops, settings.bufferMaxSpans(), settings.bufferMaxBytes());
  }

  /** Registers {@code inferscope.anomaly.count}, the baseline gauges and the drop counters. */
  public void registerMetrics(MeterProvider meters, String agentVersion) {
    AnomalyMetrics.register(meters.meterBuilder(SCOPE).setInstrumentationVersion(agentVersion).build(), detector, drops);
  }

  /** Judges a model call that just ended (before its span ends); flags the span if it was anomalous. */
  public void judge(Span span, AnomalyKey key, double seconds, boolean error) {
    flag(span, detector.judge(key, seconds, error));
  }

  /**
   * Judges a model call of {@code batchSize} items against the expected duration for that size (its span's
   * {@code inferscope.anomaly.baseline} is then that expectation); 0 or less when unknown: duration alone.
   */
  public void judge(Span span, AnomalyKey key, double seconds, long batchSize, boolean error) {
    flag(span, detector.judge(key, seconds, batchSize, error));
  }

  /**
   * Judges an LLM call that just ended (before its span ends).
   *
   * @param ttftSeconds time to first chunk, NaN when not streamed
   * @param outputTokens output tokens (or chunks) when known, else 0
   */
  public void judge(Span span, AnomalyKey key, double seconds, double ttftSeconds, long outputTokens, boolean error) {
    flag(span, detector.judge(key, seconds, ttftSeconds, outputTokens, error));
  }

  private static void flag(Span span, Verdict verdict) {
    if (!verdict.anomalous()) {
      return;
    }
    span.setAttribute(AnomalyAttributes.ANOMALY, true);
    span.setAttribute(AnomalyAttributes.REASON, verdict.reason().attributeValue());
    double score = verdict.score();
    if (!Double.isNaN(score)) {
      span.setAttribute(AnomalyAttributes.SCORE, score);
    }
    double baseline = verdict.baselineSeconds();
    if (!Double.isNaN(baseline)) {
      span.setAttribute(AnomalyAttributes.BASELINE, baseline);
    }
    // Kept whatever the base probability said: weight 1 when counts are re-estimated.
    span.setAttribute(AnomalyAttributes.PROBABILITY, 1.0);
  }

  public SamplingSettings settings() {
    return settings;
  }

  AnomalyDetector detector() {
    return detector;
  }

  SamplingDrops drops() {
    return drops;
  }
}
