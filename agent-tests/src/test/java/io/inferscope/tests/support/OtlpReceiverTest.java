package io.inferscope.tests.support;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Proves the receiver against the real OTel SDK exporters, over every transport the agent may use. */
class OtlpReceiverTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Resource RESOURCE = Resource.getDefault()
      .merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "receiver-self-test")));

  enum Flavor {
    HTTP(false, "none"),
    HTTP_GZIP(false, "gzip"),
    GRPC(true, "none"),
    GRPC_GZIP(true, "gzip");

    private final boolean grpc;
    private final String compression;

    Flavor(boolean grpc, String compression) {
      this.grpc = grpc;
      this.compression = compression;
    }

    OtlpReceiver receiver() {
      return grpc ? OtlpReceiver.grpc() : OtlpReceiver.http();
    }

    /** Retries are off so that a refused export fails at once instead of after seconds of backoff. */
    SpanExporter spanExporter(OtlpReceiver receiver, Duration timeout) {
      return grpc
          ? OtlpGrpcSpanExporter.builder().setEndpoint(receiver.endpoint())
              .setCompression(compression).setTimeout(timeout).setRetryPolicy(null).build()
          : OtlpHttpSpanExporter.builder().setEndpoint(receiver.endpoint() + "/v1/traces")
              .setCompression(compression).setTimeout(timeout).setRetryPolicy(null).build();
    }

    MetricExporter metricExporter(OtlpReceiver receiver) {
      return grpc
          ? OtlpGrpcMetricExporter.builder().setEndpoint(receiver.endpoint())
              .setCompression(compression).setRetryPolicy(null).build()
          : OtlpHttpMetricExporter.builder().setEndpoint(receiver.endpoint() + "/v1/metrics")
              .setCompression(compression).setRetryPolicy(null).build();
    }
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void decodesSpansWithTypedAttributesEventsAndParentage(Flavor flavor) {
    try (OtlpReceiver receiver = flavor.receiver();
        SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
            .setResource(RESOURCE)
            .addSpanProcessor(SimpleSpanProcessor.create(flavor.spanExporter(receiver, WAIT)))
            .build()) {
      Tracer tracer = tracerProvider.get("io.inferscope.tests");
      Span parent = tracer.spanBuilder("parent").setStartTimestamp(1_000, NANOSECONDS).startSpan();
      Span child = tracer.spanBuilder("child")
          .setParent(Context.root().with(parent))
          .setSpanKind(SpanKind.CLIENT)
          .setStartTimestamp(2_000, NANOSECONDS)
          .setAttribute("model.name", "resnet-secret-marker")
          .setAttribute("batch.size", 8L)
          .setAttribute("score", 0.25)
          .setAttribute("cached", true)
          .setAttribute(AttributeKey.stringArrayKey("labels"), List.of("cat", "dog"))
          .startSpan();
      child.addEvent("token", Attributes.of(AttributeKey.longKey("index"), 1L), 2_500, NANOSECONDS);
      child.setStatus(StatusCode.ERROR, "boom");
      child.end(3_000, NANOSECONDS);
      parent.end(4_000, NANOSECONDS);

      List<ReceivedSpan> spans = receiver.awaitSpans(2, WAIT);

      // Each span is exported on its own request, so they may arrive in either order.
      assertEquals(List.of("child", "parent"), spans.stream().map(ReceivedSpan::name).sorted().toList());
      ReceivedSpan receivedChild = named("child", spans);
      ReceivedSpan receivedParent = named("parent", spans);
      assertEquals("CLIENT", receivedChild.kind());
      assertEquals("INTERNAL", receivedParent.kind());
      assertEquals(parent.getSpanContext().getTraceId(), receivedParent.traceId());
      assertEquals(parent.getSpanContext().getTraceId(), receivedChild.traceId());
      assertEquals(parent.getSpanContext().getSpanId(), receivedParent.spanId());
      assertEquals(child.getSpanContext().getSpanId(), receivedChild.spanId());
      assertEquals(receivedParent.spanId(), receivedChild.parentSpanId());
      assertEquals("", receivedParent.parentSpanId());
      assertEquals(2_000, receivedChild.startEpochNanos());
      assertEquals(3_000, receivedChild.endEpochNanos());
      assertEquals("ERROR", receivedChild.statusCode());
      assertEquals("boom", receivedChild.statusMessage());
      assertEquals("UNSET", receivedParent.statusCode());
      // Map.equals compares values with equals(), so this also pins each value's Java type.
      assertEquals(Map.of(
          "model.name", "resnet-secret-marker",
          "batch.size", 8L,
          "score", 0.25,
          "cached", true,
          "labels", List.of("cat", "dog")), receivedChild.attributes());
      assertEquals(List.of(new ReceivedEvent("token", Map.of("index", 1L))), receivedChild.events());
      assertEquals("receiver-self-test", receivedChild.resource().get("service.name"));
      assertEquals("io.inferscope.tests", receivedChild.scopeName());
      assertEquals("8", receivedChild.attr("batch.size"));
      assertEquals(8L, receivedChild.longAttr("batch.size"));
      assertThrows(AssertionError.class, () -> receivedChild.longAttr("model.name"));
      assertEquals(2, receiver.requestCount());
      assertTrue(new String(receiver.rawBytes(), UTF_8).contains("resnet-secret-marker"));

      receiver.reset();
      assertEquals(List.of(), receiver.spans());
      assertEquals(0, receiver.requestCount());
      assertEquals(0, receiver.rawBytes().length);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void decodesHistogramAndSumDataPoints(Flavor flavor) {
    try (OtlpReceiver receiver = flavor.receiver();
        SdkMeterProvider meterProvider = SdkMeterProvider.builder()
            .setResource(RESOURCE)
            // Exports only when flushed, so the test decides when data is sent.
            .registerMetricReader(PeriodicMetricReader.builder(flavor.metricExporter(receiver))
                .setInterval(Duration.ofHours(1))
                .build())
            .build()) {
      Meter meter = meterProvider.get("io.inferscope.tests");
      Attributes model = Attributes.of(AttributeKey.stringKey("model"), "resnet");
      DoubleHistogram latency = meter.histogramBuilder("inference.duration")
          .setUnit("ms")
          .setDescription("Inference latency")
          .setExplicitBucketBoundariesAdvice(List.of(1.0, 10.0, 100.0))
          .build();
      latency.record(5.0, model);
      latency.record(50.0, model);
      meter.counterBuilder("inference.count").build().add(3, model);

      assertTrue(meterProvider.forceFlush().join(WAIT.toSeconds(), SECONDS).isSuccess());

      ReceivedMetric histogram = receiver.awaitMetric("inference.duration", WAIT).orElseThrow();
      assertEquals("HISTOGRAM", histogram.type());
      assertEquals("ms", histogram.unit());
      assertEquals("Inference latency", histogram.description());
      assertEquals(Map.of("model", "resnet"), histogram.attributes());
      assertEquals("receiver-self-test", histogram.resource().get("service.name"));
      assertEquals("io.inferscope.tests", histogram.scopeName());
      assertEquals(2, histogram.count());
      assertEquals(55.0, histogram.sum());
      assertEquals(List.of(1.0, 10.0, 100.0), histogram.explicitBounds());
      assertEquals(List.of(0L, 1L, 1L, 0L), histogram.bucketCounts());

      ReceivedMetric counter = receiver.awaitMetric("inference.count", WAIT).orElseThrow();
      assertEquals("SUM", counter.type());
      assertEquals(3.0, counter.value());
      assertEquals(2, receiver.metrics().size());
    }
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void refusedExportFailsAndKeepsNoDataUntilRecovered(Flavor flavor) {
    try (OtlpReceiver receiver = flavor.receiver()) {
      SpanExporter exporter = flavor.spanExporter(receiver, WAIT);
      List<SpanData> batch = List.of(finishedSpan());

      receiver.failWith(503);
      CompletableResultCode refused = exporter.export(batch).join(WAIT.toSeconds(), SECONDS);
      assertTrue(refused.isDone());
      assertFalse(refused.isSuccess());
      assertEquals(1, receiver.requestCount());
      assertEquals(List.of(), receiver.spans());

      receiver.recover();
      assertTrue(exporter.export(batch).join(WAIT.toSeconds(), SECONDS).isSuccess());
      assertEquals(1, receiver.spans().size());
      exporter.shutdown().join(WAIT.toSeconds(), SECONDS);
    }
  }

  @ParameterizedTest
  @EnumSource(Flavor.class)
  void heldRequestTimesTheExporterOutAndCloseStillReturnsPromptly(Flavor flavor) {
    OtlpReceiver receiver = flavor.receiver();
    SpanExporter exporter = flavor.spanExporter(receiver, Duration.ofSeconds(1));
    receiver.hang(true);

    CompletableResultCode held = exporter.export(List.of(finishedSpan())).join(WAIT.toSeconds(), SECONDS);

    assertTrue(held.isDone());
    assertFalse(held.isSuccess());
    assertEquals(1, receiver.requestCount());
    assertTimeoutPreemptively(Duration.ofSeconds(5), receiver::close);
    exporter.shutdown().join(WAIT.toSeconds(), SECONDS);
  }

  @Test
  void awaitReturnsWhatItHasAtTheTimeout() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      assertEquals(List.of(), receiver.awaitSpans(1, Duration.ofMillis(100)));
      assertTrue(receiver.awaitMetric("missing", Duration.ofMillis(100)).isEmpty());
    }
  }

  @Test
  void httpAnswersNonOtlpRequestsLikeACollector() throws Exception {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      HttpClient client = HttpClient.newHttpClient();
      byte[] truncated = {0x0a, 0x7f};

      assertEquals(400, post(client, receiver, "/v1/traces", "application/x-protobuf", truncated));
      assertEquals(415, post(client, receiver, "/v1/traces", "application/json", "{}".getBytes(UTF_8)));
      assertEquals(404, post(client, receiver, "/v1/tracesX", "application/x-protobuf", new byte[0]));
      assertEquals(200, post(client, receiver, "/v1/logs", "application/x-protobuf", new byte[0]));
      // Only requests with an OTLP body on an OTLP path count; the malformed one does.
      assertEquals(2, receiver.requestCount());
    }
  }

  private static int post(HttpClient client, OtlpReceiver receiver, String path, String contentType, byte[] body)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.endpoint() + path))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static ReceivedSpan named(String name, List<ReceivedSpan> spans) {
    return spans.stream().filter(span -> span.name().equals(name)).findFirst().orElseThrow();
  }

  private static SpanData finishedSpan() {
    try (SdkTracerProvider tracerProvider = SdkTracerProvider.builder().setResource(RESOURCE).build()) {
      Span span = tracerProvider.get("io.inferscope.tests").spanBuilder("lonely").startSpan();
      span.end();
      return ((ReadableSpan) span).toSpanData();
    }
  }
}
