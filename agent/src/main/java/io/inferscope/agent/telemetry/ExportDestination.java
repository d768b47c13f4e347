package io.inferscope.agent.telemetry;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;

/** Describes where a signal goes, for the startup line and export-failure messages. */
final class ExportDestination {
  private ExportDestination() {}

  /** @param signal {@code traces}, {@code metrics} or {@code logs} */
  static String describe(ConfigProperties config, String signal) {
    String exporter = config.getString("otel." + signal + ".exporter", "otlp");
    if (exporter.equals("zipkin")) {
      return "zipkin " + config.getString("otel.exporter.zipkin.endpoint", "http://localhost:9411/api/v2/spans");
    }
    if (!exporter.contains("otlp") || exporter.contains("logging-otlp")) {
      return exporter;
    }
    String protocol = protocol(config, signal);
    String endpoint = config.getString("otel.exporter.otlp." + signal + ".endpoint");
    if (endpoint == null) {
      String base = config.getString("otel.exporter.otlp.endpoint");
      if (base == null) {
        base = protocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318";
      }
      endpoint = protocol.equals("grpc") ? base : stripSlash(base) + "/v1/" + signal;
    }
    return "otlp " + protocol + " " + endpoint;
  }

  static String protocol(ConfigProperties config, String signal) {
    return config.getString(
        "otel.exporter.otlp." + signal + ".protocol", config.getString("otel.exporter.otlp.protocol", "http/protobuf"));
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
