package io.inferscope.tests.bench;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Costs of the OpenTelemetry SDK operations on the per-inference path, in isolation, and together as
 * the floor under any instrumentation that traces a call and records its metrics (suite {@code sdk}
 * of bench.sh). No agent is involved: this is the SDK as the agent configures it, without exporters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SdkCostBenchmark {
  Tracer dropping;
  DoubleHistogram histogram;
  LongHistogram batchHistogram;
  Attributes attributes;

  Tracer sampling;
  Context sampledContext;
  static final AttributeKey<Double> PRE = AttributeKey.doubleKey("ml.djl.preprocess.duration");
  static final AttributeKey<Double> INF = AttributeKey.doubleKey("ml.djl.inference.duration");
  static final AttributeKey<Double> POST = AttributeKey.doubleKey("ml.djl.postprocess.duration");
  static final AttributeKey<Long> BATCH = AttributeKey.longKey("ml.batch.size");

  @Setup
  public void setUp() {
    sampling = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn()).build().get("bench");
    Span sampled = sampling.spanBuilder("x").startSpan();
    sampledContext = Context.root().with(sampled);
    dropping = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build().get("bench");
    MetricReader reader = InMemoryMetricReader.create();
    Meter meter = SdkMeterProvider.builder().registerMetricReader(reader).build().get("bench");
    histogram = meter.histogramBuilder("h").build();
    batchHistogram = meter.histogramBuilder("b").ofLongs().build();
    attributes = Attributes.of(AttributeKey.stringKey("ml.model.name"), "m", AttributeKey.stringKey("ml.operation"), "predict",
        AttributeKey.stringKey("ml.framework"), "onnxruntime", AttributeKey.stringKey("ml.engine"), "CPU", AttributeKey.stringKey("ml.device"), "cpu");
  }

  @Benchmark
  public Span unsampledSpan() {
    Span span = dropping.spanBuilder("predict m").startSpan();
    span.end();
    return span;
  }

  @Benchmark
  public Span unsampledSpanMadeCurrent() {
    Span span = dropping.spanBuilder("predict m").startSpan();
    try (io.opentelemetry.context.Scope ignored = span.makeCurrent()) {
      span.end();
    }
    return span;
  }

  private static final ThreadLocal<Object> LOCAL = new ThreadLocal<>();

  @Benchmark
  public Object threadLocalGetSet() {
    Object previous = LOCAL.get();
    LOCAL.set(this);
    LOCAL.set(previous);
    return previous;
  }

  @Benchmark
  public void histogramRecord() {
    histogram.record(0.001, attributes);
  }

  @Benchmark
  public void histogramRecordRootContext() {
    histogram.record(0.001, attributes, Context.root());
  }

  @Benchmark
  public void histogramRecordSampledContext() {
    histogram.record(0.001, attributes, sampledContext);
  }

  @Benchmark
  public Span sampledSpanFourSetAttribute() {
    Span span = sampling.spanBuilder("predict m").startSpan();
    span.setAttribute(BATCH, 1L);
    span.setAttribute(PRE, 0.1);
    span.setAttribute(INF, 0.1);
    span.setAttribute(POST, 0.1);
    span.end();
    return span;
  }

  @Benchmark
  public Span sampledSpanSetAllAttributes() {
    Span span = sampling.spanBuilder("predict m").startSpan();
    span.setAllAttributes(Attributes.of(BATCH, 1L, PRE, 0.1, INF, 0.1, POST, 0.1));
    span.end();
    return span;
  }

  /**
   * What an unsampled call that is traced, made current (so that work inside it follows its
   * sampling decision) and measured (duration and batch size histograms) costs in the SDK alone,
   * before any instrumentation code: the floor of an unsampled DJL prediction.
   */
  @Benchmark
  public Span unsampledCallFloor() {
    long start = System.nanoTime();
    Span span = dropping.spanBuilder("predict m").startSpan();
    io.opentelemetry.context.Scope scope = span.makeCurrent();
    scope.close();
    double seconds = (System.nanoTime() - start) / 1e9;
    histogram.record(seconds, attributes, Context.root());
    batchHistogram.record(1, attributes, Context.root());
    span.end();
    return span;
  }

  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }
}
