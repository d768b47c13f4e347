package io.inferscope.tests.support;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns OTLP protobuf requests into the plain records tests assert on. */
final class OtlpDecoder {
  private static final String SPAN_KIND_PREFIX = "SPAN_KIND_";
  private static final String STATUS_CODE_PREFIX = "STATUS_CODE_";

  private OtlpDecoder() {}

  static List<ReceivedSpan> spans(ExportTraceServiceRequest request) {
    List<ReceivedSpan> spans = new ArrayList<>();
    for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(resourceSpans.getResource().getAttributesList());
      for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
        String scopeName = scopeSpans.getScope().getName();
        for (Span span : scopeSpans.getSpansList()) {
          spans.add(span(span, resource, scopeName));
        }
      }
    }
    return spans;
  }

  static List<ReceivedMetric> metrics(ExportMetricsServiceRequest request) {
    List<ReceivedMetric> points = new ArrayList<>();
    for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
      Map<String, Object> resource = attributes(resourceMetrics.getResource().getAttributesList());
      for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
        String scopeName = scopeMetrics.getScope().getName();
        for (Metric metric : scopeMetrics.getMetricsList()) {
          new MetricPoints(metric, resource, scopeName).addTo(points);
        }
      }
    }
    return points;
  }

  private static ReceivedSpan span(Span span, Map<String, Object> resource, String scopeName) {
    List<ReceivedEvent> events = span.getEventsList().stream()
        .map(event -> new ReceivedEvent(event.getName(), attributes(event.getAttributesList())))
        .toList();
    return new ReceivedSpan(
        span.getName(),
        stripPrefix(span.getKind().name(), SPAN_KIND_PREFIX),
        hex(span.getTraceId()),
        hex(span.getSpanId()),
        hex(span.getParentSpanId()),
        span.getStartTimeUnixNano(),
        span.getEndTimeUnixNano(),
        stripPrefix(span.getStatus().getCode().name(), STATUS_CODE_PREFIX),
        span.getStatus().getMessage(),
        attributes(span.getAttributesList()),
        events,
        resource,
        scopeName);
  }

  /** Builds one record per data point of a metric, all sharing the metric's metadata. */
  private record MetricPoints(Metric metric, Map<String, Object> resource, String scopeName) {

    void addTo(List<ReceivedMetric> points) {
      switch (metric.getDataCase()) {
        case GAUGE -> metric.getGauge().getDataPointsList()
            .forEach(point -> points.add(number("GAUGE", point)));
        case SUM -> metric.getSum().getDataPointsList()
            .forEach(point -> points.add(number("SUM", point)));
        case HISTOGRAM -> metric.getHistogram().getDataPointsList()
            .forEach(point -> points.add(histogram(point)));
        case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsList()
            .forEach(point -> points.add(exponentialHistogram(point)));
        case SUMMARY -> metric.getSummary().getDataPointsList()
            .forEach(point -> points.add(summary(point)));
        case DATA_NOT_SET -> throw new IllegalArgumentException("metric " + metric.getName() + " has no data");
      }
    }

    private ReceivedMetric number(String type, NumberDataPoint point) {
      double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT
          ? point.getAsInt()
          : point.getAsDouble();
      return point(type, point.getAttributesList(), 0, 0, List.of(), List.of(), value);
    }

    private ReceivedMetric histogram(HistogramDataPoint point) {
      return point("HISTOGRAM", point.getAttributesList(), point.getCount(), point.getSum(),
          point.getExplicitBoundsList(), point.getBucketCountsList(), 0);
    }

    private ReceivedMetric exponentialHistogram(ExponentialHistogramDataPoint point) {
      return point("EXP_HISTOGRAM", point.getAttributesList(), point.getCount(), point.getSum(),
          List.of(), List.of(), 0);
    }

    private ReceivedMetric summary(SummaryDataPoint point) {
      return point("SUMMARY", point.getAttributesList(), point.getCount(), point.getSum(),
          List.of(), List.of(), 0);
    }

    private ReceivedMetric point(String type, List<KeyValue> attributes, long count, double sum,
        List<Double> bounds, List<Long> buckets, double value) {
      return new ReceivedMetric(metric.getName(), metric.getDescription(), metric.getUnit(), type,
          attributes(attributes), resource, scopeName, count, sum, bounds, buckets, value);
    }
  }

  private static Map<String, Object> attributes(List<KeyValue> keyValues) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    for (KeyValue keyValue : keyValues) {
      Object value = value(keyValue.getValue());
      if (value != null) {
        attributes.put(keyValue.getKey(), value);
      }
    }
    return attributes;
  }

  /** Returns null for an empty AnyValue: it carries nothing, and the records' maps and lists reject null. */
  private static Object value(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case INT_VALUE -> value.getIntValue();
      case DOUBLE_VALUE -> value.getDoubleValue();
      case BYTES_VALUE -> value.getBytesValue().toByteArray();
      case ARRAY_VALUE -> {
        List<Object> elements = new ArrayList<>();
        for (AnyValue element : value.getArrayValue().getValuesList()) {
          Object decoded = value(element);
          if (decoded != null) {
            elements.add(decoded);
          }
        }
        yield List.copyOf(elements);
      }
      case KVLIST_VALUE -> AttributeMaps.sortedCopy(attributes(value.getKvlistValue().getValuesList()));
      // String-table indexes belong to the profiles signal; in traces or metrics they are a protocol error.
      case STRING_VALUE_STRINDEX -> throw new IllegalArgumentException("string_value_strindex outside profiles");
      case VALUE_NOT_SET -> null;
    };
  }

  private static String hex(ByteString bytes) {
    return HexFormat.of().formatHex(bytes.toByteArray());
  }

  private static String stripPrefix(String enumName, String prefix) {
    return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
  }
}
