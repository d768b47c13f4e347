package io.inferscope.tests.support;

/** The three OTLP signals, with where each is served over HTTP and gRPC. */
enum OtlpSignal {
  TRACES("/v1/traces", "opentelemetry.proto.collector.trace.v1.TraceService"),
  METRICS("/v1/metrics", "opentelemetry.proto.collector.metrics.v1.MetricsService"),
  LOGS("/v1/logs", "opentelemetry.proto.collector.logs.v1.LogsService");

  final String httpPath;
  final String grpcService;

  OtlpSignal(String httpPath, String grpcService) {
    this.httpPath = httpPath;
    this.grpcService = grpcService;
  }
}
