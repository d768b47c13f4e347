package io.inferscope.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Forked application JVMs with the agent attached and exporting to a test receiver, with export
 * intervals shortened so the tests do not wait; everything else is the agent's default.
 */
public final class AgentApps {
  public static final String HTTP = "http/protobuf";
  public static final String GRPC = "grpc";
  /** The resource's {@code telemetry.distro.name} of what the OpenTelemetry Java agent exports. */
  public static final String OTEL_AGENT_DISTRO = "opentelemetry-java-instrumentation";

  private AgentApps() {}

  /** An ONNX Runtime application ({@code io.inferscope.tests.apps.OrtApp}) on the given JVM. */
  public static ForkedJvm ortApp(ForkedJvm jvm, OtlpReceiver receiver, String protocol) {
    return exportingTo(jvm.withAgent().classpathFromTest("onnxruntime"), receiver, protocol)
        .mainClass("io.inferscope.tests.apps.OrtApp");
  }

  /** The newest and oldest OpenTelemetry Java agent versions InferScope runs inside (as its extension). */
  public static final String OTEL_AGENT_NEWEST = "2.33.1";
  public static final String OTEL_AGENT_OLDEST = "2.31.1";

  /** The OpenTelemetry Java agent 2.33.1, which the build copies to target/bench-libs, to attach next to ours. */
  public static Path openTelemetryJavaAgent() {
    return openTelemetryJavaAgent(OTEL_AGENT_NEWEST);
  }

  /** The OpenTelemetry Java agent of that version ({@link #OTEL_AGENT_NEWEST} or {@link #OTEL_AGENT_OLDEST}). */
  public static Path openTelemetryJavaAgent(String version) {
    Path jar = Path.of(version.equals(OTEL_AGENT_NEWEST)
        ? "target/bench-libs/opentelemetry-javaagent.jar" : "target/bench-libs/opentelemetry-javaagent-" + version + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError("missing " + jar.toAbsolutePath() + "; run the tests with Maven");
    }
    return jar;
  }

  /**
   * Exports to {@code receiver}. For {@link #HTTP} the protocol is left unset, so every test that exports
   * over HTTP also checks that http/protobuf is the agent's real default; only {@link #GRPC} is set.
   */
  public static ForkedJvm exportingTo(ForkedJvm jvm, OtlpReceiver receiver, String protocol) {
    if (protocol.equals(GRPC)) {
      jvm.env("OTEL_EXPORTER_OTLP_PROTOCOL", GRPC);
    } else if (!protocol.equals(HTTP)) {
      throw new IllegalArgumentException("unknown protocol " + protocol);
    }
    return jvm.env("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint())
        .env("OTEL_METRIC_EXPORT_INTERVAL", "1000")
        .env("OTEL_BSP_SCHEDULE_DELAY", "200")
        .env("OTEL_LOGS_EXPORTER", "none");
  }

  /**
   * Traces through the agent's Zipkin exporter to {@code spansEndpoint} (a Zipkin server's
   * {@code /api/v2/spans}), no metrics or logs; spans leave at the latest when the application exits.
   */
  public static ForkedJvm exportingToZipkin(ForkedJvm jvm, String spansEndpoint) {
    return jvm.env("OTEL_TRACES_EXPORTER", "zipkin")
        .env("OTEL_EXPORTER_ZIPKIN_ENDPOINT", spansEndpoint)
        .env("OTEL_METRICS_EXPORTER", "none")
        .env("OTEL_LOGS_EXPORTER", "none")
        .env("OTEL_BSP_SCHEDULE_DELAY", "200");
  }
}
