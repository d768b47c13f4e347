package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.OwnSdkApp;
import io.inferscope.tests.support.ForkedJvm;
import org.junit.jupiter.api.Test;

/**
 * An application with an OpenTelemetry SDK of its own, configured by the SDK's autoconfiguration, next
 * to InferScope attached with -javaagent. The agent jar is on the application's class path (the JVM puts
 * it there) and its root holds the OpenTelemetry Java agent extension's service files: the
 * application's SDK finds them, and must still build exactly as it would without InferScope. (Had the
 * agent put its whole jar on the bootstrap path, those service classes would be defined there, unable
 * to link, and the application's SDK would fail to start.)
 */
class ApplicationSdkTest {
  @Test
  void theApplicationsOwnSdkBuildsAsItWouldWithoutInferScope() {
    ForkedJvm.Result result = withoutExport(ForkedJvm.java17().withAgent())
        .env("OTEL_TRACES_SAMPLER", "parentbased_traceidratio").env("OTEL_TRACES_SAMPLER_ARG", "0.5")
        .run().assertSuccess();
    assertTrue(result.stdout().contains("sampler=ParentBased{root:TraceIdRatioBased{0.500000}"), result.stdout());
    assertTrue(result.stderr().contains("InferScope") && result.stderr().contains("started"), result.stderr());
  }

  /**
   * The anomaly sampler named in the environment both SDKs read: InferScope's SDK uses it; the
   * application's, which cannot, gets the SDK's default with one line that says why, instead of an
   * unknown-sampler failure.
   */
  @Test
  void theAnomalySamplerSettingDoesNotBreakTheApplicationsSdk() {
    ForkedJvm.Result result = withoutExport(ForkedJvm.java17().withAgent())
        .env("OTEL_TRACES_SAMPLER", "inferscope_anomaly")
        .run().assertSuccess();
    assertTrue(result.stdout().contains("sampler=ParentBased{root:AlwaysOnSampler"), result.stdout());
    assertTrue(result.stderr().contains("sampler: inferscope_anomaly"), () -> "InferScope's own SDK uses it: " + result.stderr());
    assertTrue(result.stderr().contains("reached an OpenTelemetry SDK of the application's own"), result.stderr());
  }

  private static ForkedJvm withoutExport(ForkedJvm jvm) {
    return jvm.classpathFromTest("opentelemetry-").mainClass(OwnSdkApp.class.getName())
        .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none");
  }
}
