package io.inferscope.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The JVMs {@link BenchmarkMain} compares a benchmark in, each in its own forks. */
enum RunConfiguration {
  NO_AGENT("no agent", null, null),
  SAMPLED("agent, span sampled", "always_on", null),
  UNSAMPLED("agent, span not sampled", "always_off", null),
  // InferScope as the OpenTelemetry Java agent's extension, that agent's own instrumentations off, so
  // that the hooks' cost in that mode is compared with the same hooks on their own.
  EXTENSION_SAMPLED("OpenTelemetry agent + InferScope extension, span sampled", "always_on", null),
  EXTENSION_UNSAMPLED("OpenTelemetry agent + InferScope extension, span not sampled", "always_off", null),
  // An earlier build of the agent (-Dbench.baseline.jar=PATH), interleaved with this one: what a change
  // costs per call, measured in the same run instead of against figures from another day.
  BASELINE_SAMPLED("earlier agent (bench.baseline.jar), span sampled", "always_on", null),
  BASELINE_UNSAMPLED("earlier agent (bench.baseline.jar), span not sampled", "always_off", null),
  // The anomaly sampler records every span and judges it at the end; 10 % of normal traces are exported.
  ANOMALY("agent, anomaly sampler (base 0.1)", "inferscope_anomaly", null),
  // DJL's own share: the same runs with only the ONNX Runtime hooks under DJL.
  ORT_ONLY_SAMPLED("agent without DJL hooks, span sampled", "always_on", SAMPLED),
  ORT_ONLY_UNSAMPLED("agent without DJL hooks, span not sampled", "always_off", UNSAMPLED);

  final String label;
  private final String sampler;
  /** For the DJL-off configurations: the full-agent configuration they are the baseline of. */
  final RunConfiguration withDjl;

  RunConfiguration(String label, String sampler, RunConfiguration withDjl) {
    this.label = label;
    this.sampler = sampler;
    this.withDjl = withDjl;
  }

  boolean hasAgent() {
    return sampler != null;
  }

  /** Whether spans reach the exporter: all of them, or the anomaly sampler's share. */
  boolean exportsTraces() {
    return hasAgent() && !"always_off".equals(sampler);
  }

  private static Path baselineJar() {
    String jar = System.getProperty("bench.baseline.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("the BASELINE_ configurations need -Dbench.baseline.jar=PATH of an earlier agent jar (got " + jar + ")");
    }
    return Path.of(jar);
  }

  /**
   * The agent exports traces and metrics to {@code endpoint} as in production: metrics are recorded
   * on every call whether or not the span is sampled, so they are part of the cost being measured.
   */
  List<String> jvmArgs(Path agentJar, String endpoint) {
    if (!hasAgent()) {
      return List.of();
    }
    List<String> attach = name().startsWith("EXTENSION_")
        ? List.of("-javaagent:" + BenchPaths.openTelemetryAgent(), "-Dotel.javaagent.extensions=" + agentJar,
            "-Dotel.instrumentation.common.default-enabled=false")
        : List.of("-javaagent:" + (name().startsWith("BASELINE_") ? baselineJar() : agentJar));
    return Stream.of(attach.stream(), agentProperties(), Stream.of(
        "-Dinferscope.instrumentation.djl.enabled=" + (withDjl == null),
        "-Dotel.traces.sampler=" + sampler,
        "-Dotel.traces.sampler.arg=0.1",
        "-Dotel.traces.exporter=otlp",
        "-Dotel.metrics.exporter=otlp",
        "-Dotel.logs.exporter=none",
        "-Dotel.exporter.otlp.protocol=http/protobuf",
        "-Dotel.exporter.otlp.endpoint=" + endpoint)).flatMap(s -> s).toList();
  }

  /**
   * {@code -Dbench.agent.props=k=v,k=v}: settings for this build of the agent only, never the baseline, e.g.
   * {@code inferscope.drift.sample.one-in=1000000} to measure what drift watching costs a call it skips.
   */
  private Stream<String> agentProperties() {
    String props = System.getProperty("bench.agent.props", "");
    if (props.isBlank() || name().startsWith("BASELINE_")) {
      return Stream.empty();
    }
    return Stream.of(props.split(",")).map(String::trim).filter(p -> !p.isEmpty()).map(p -> "-D" + p);
  }
}
