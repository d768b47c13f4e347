package io.inferscope.agent.telemetry;

import io.inferscope.agent.logging.Redaction;
import io.opentelemetry.exporter.logging.LoggingMetricExporter;
import io.opentelemetry.exporter.logging.LoggingSpanExporter;
import io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingMetricExporter;
import io.opentelemetry.exporter.logging.otlp.OtlpJsonLoggingSpanExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says where an exporter the SDK built sends its data, for the start-up line and export-failure
 * messages. It asks the exporter object itself, not the settings: its class tells the protocol and
 * its {@code toString()} (the SDK's own description of its configuration) the endpoint, so the line
 * cannot disagree with what runs. Credentials in the endpoint are masked.
 */
final class ExportDestination {
  // The SDK's exporters describe themselves as "Name{endpoint=<URI>, ...}"; a URI holds no ", ".
  private static final Pattern ENDPOINT = Pattern.compile("endpoint=(.*?)(, |\\}|$)");
  private static final Pattern PROMETHEUS = Pattern.compile("host=([^,}]*),port=([^,}]*)");

  private ExportDestination() {}

  static String of(Object exporter) {
    if (exporter instanceof OtlpHttpSpanExporter || exporter instanceof OtlpHttpMetricExporter) {
      return "otlp http/protobuf " + endpoint(exporter);
    }
    if (exporter instanceof OtlpGrpcSpanExporter || exporter instanceof OtlpGrpcMetricExporter) {
      return "otlp grpc " + withoutRootSlash(endpoint(exporter));
    }
    if (exporter instanceof ZipkinSpanExporter) {
      return "zipkin " + endpoint(exporter);
    }
    if (exporter instanceof LoggingSpanExporter || exporter instanceof LoggingMetricExporter) {
      return "console";
    }
    if (exporter instanceof OtlpJsonLoggingSpanExporter || exporter instanceof OtlpJsonLoggingMetricExporter) {
      return "logging-otlp";
    }
    if (exporter instanceof PrometheusHttpServer) {
      Matcher address = PROMETHEUS.matcher(exporter.toString());
      return address.find() ? "prometheus http://" + address.group(1) + ":" + address.group(2) + "/metrics" : "prometheus";
    }
    // Another exporter (e.g. experimental-otlp/stdout): its class name still says what it is.
    return exporter.getClass().getSimpleName();
  }

  private static String endpoint(Object exporter) {
    Matcher endpoint = ENDPOINT.matcher(exporter.toString());
    return Redaction.text(endpoint.find() ? endpoint.group(1) : "(endpoint unknown)");
  }

  // A gRPC endpoint is a base URL: the SDK stores http://host:4317 as http://host:4317/ when set per signal.
  private static String withoutRootSlash(String url) {
    int scheme = url.indexOf("://");
    return scheme >= 0 && url.endsWith("/") && url.indexOf('/', scheme + 3) == url.length() - 1
        ? url.substring(0, url.length() - 1)
        : url;
  }
}
