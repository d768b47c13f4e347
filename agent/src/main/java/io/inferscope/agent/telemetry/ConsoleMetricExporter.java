package io.inferscope.agent.telemetry;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** OTEL_METRICS_EXPORTER=console through the agent's logger, for the reason given in {@link ConsoleSpanExporter}. */
final class ConsoleMetricExporter implements MetricExporter {
  private static final Logger log = LoggerFactory.getLogger("io.inferscope.console");

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    for (MetricData metric : metrics) {
      for (PointData point : metric.getData().getPoints()) {
        log.info("[console] metric {} [{}] {} {}", metric.getName(), metric.getUnit(), point.getAttributes().asMap(), value(point));
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  private static String value(PointData point) {
    if (point instanceof HistogramPointData histogram) {
      return "count=" + histogram.getCount() + " sum=" + histogram.getSum() + " min=" + histogram.getMin() + " max=" + histogram.getMax();
    }
    return point.toString();
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType type) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
