package io.inferscope.tests.bench;

import java.nio.file.Path;
import java.util.List;

/** The JVMs {@link BenchmarkMain} compares {@link OrtRunBenchmark} in, each in its own forks. */
enum RunConfiguration {
  NO_AGENT("no agent", null),
  SAMPLED("agent, span sampled", "always_on"),
  UNSAMPLED("agent, span not sampled", "always_off");

  final String label;
  private final String sampler;

  RunConfiguration(String label, String sampler) {
    this.label = label;
    this.sampler = sampler;
  }

  boolean hasAgent() {
    return sampler != null;
  }

  /**
   * The agent exports traces and metrics to {@code endpoint} as in production: metrics are recorded
   * on every call whether or not the span is sampled, so they are part of the cost being measured.
   */
  List<String> jvmArgs(Path agentJar, String endpoint) {
    if (!hasAgent()) {
      return List.of();
    }
    return List.of(
        "-javaagent:" + agentJar,
        "-Dotel.traces.sampler=" + sampler,
        "-Dotel.traces.exporter=otlp",
        "-Dotel.metrics.exporter=otlp",
        "-Dotel.logs.exporter=none",
        "-Dotel.exporter.otlp.protocol=http/protobuf",
        "-Dotel.exporter.otlp.endpoint=" + endpoint);
  }
}
