package io.inferscope.tests.bench;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
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

/** Costs of the OpenTelemetry SDK operations on the per-inference path, in isolation. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class SdkCostBenchmark {
  Tracer dropping;
  DoubleHistogram histogram;
  Attributes attributes;

  @Setup
  public void setUp() {
    dropping = SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build().get("bench");
    MetricReader reader = InMemoryMetricReader.create();
    histogram = SdkMeterProvider.builder().registerMetricReader(reader).build().get("bench").histogramBuilder("h").build();
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
  public void histogramRecord() {
    histogram.record(0.001, attributes);
  }

  @Benchmark
  public void histogramRecordRootContext() {
    histogram.record(0.001, attributes, Context.root());
  }

  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }
}
