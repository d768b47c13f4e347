package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad values are reported once by key and value, defaults apply, the app starts; switches work. */
class ConfigurationTest {
  @TempDir Path dir;

  static long count(OtlpReceiver receiver, String name) {
    return receiver.spans().stream().filter(s -> s.name().equals(name)).count();
  }

  @Test
  void badValuesAreNamedOnceAndDefaultsApply() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .sysProp("inferscope.instrumentation.onnxruntime.enabled", "maybe")
              .env("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon")
              // A sampler that reads its argument: the default one ignores OTEL_TRACES_SAMPLER_ARG, as the SDK does.
              .env("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")
              .env("OTEL_TRACES_SAMPLER_ARG", "lots")
              .env("OTEL_BSP_SCHEDULE_DELAY", "soon")
              .args("overloads", model.toString())
              .run()
              .assertSuccess();
      String err = result.stderr();
      assertEquals(1, err.lines().filter(l -> l.contains("invalid value 'maybe' for inferscope.instrumentation.onnxruntime.enabled")).count(), err);
      assertTrue(err.contains("invalid value 'carrier-pigeon' for otel.exporter.otlp.protocol"), err);
      assertTrue(err.contains("using the default, http/protobuf"), err);
      assertTrue(err.contains("invalid value 'lots' for otel.traces.sampler.arg (env OTEL_TRACES_SAMPLER_ARG): expected a number; using the default, 1.0"), err);
      assertTrue(err.contains("invalid value 'soon' for otel.bsp.schedule.delay"), err);
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
      assertEquals(4, count(receiver, "predict matmul_relu"), "instrumentation on by default, exported over the default protocol");
    }
  }

  @Test
  void badAnomalySamplerSettingsAreNamedOnceAndDefaultsApply() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .env("OTEL_TRACES_SAMPLER", "inferscope_anomaly")
              .env("OTEL_TRACES_SAMPLER_ARG", "most")
              .env("INFERSCOPE_ANOMALY_SENSITIVITY", "high")
              .sysProp("inferscope.anomaly.warmup", "5")
              .sysProp("inferscope.anomaly.max.traces.per.second", "-3")
              .args("overloads", model.toString())
              .run()
              .assertSuccess();
      String err = result.stderr();
      assertTrue(err.contains("invalid value 'most' for otel.traces.sampler.arg (env OTEL_TRACES_SAMPLER_ARG): expected a probability from 0 to 1; using the default, 0.1"), err);
      assertEquals(1, err.lines().filter(l -> l.contains("invalid value 'high' for inferscope.anomaly.sensitivity (env INFERSCOPE_ANOMALY_SENSITIVITY)")).count(), err);
      assertTrue(err.contains("invalid value '5' for inferscope.anomaly.warmup"), err);
      assertTrue(err.contains("invalid value '-3' for inferscope.anomaly.max.traces.per.second"), err);
      assertTrue(err.contains("sampler: inferscope_anomaly (normal traces kept with probability 0.1, anomalous ones up to 10.0/s)"), err);
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
    }
  }

  @Test
  void instrumentationCanBeSwitchedOff() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .env("INFERSCOPE_INSTRUMENTATION_ONNXRUNTIME_ENABLED", "false")
              .args("overloads", model.toString())
              .run()
              .assertSuccess();
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
      assertTrue(result.stderr().contains("instrumentations [djl, java-http-client, http-url-connection, okhttp, apache-httpclient-5, apache-httpclient-4, reactor-netty, vertx-http-client, grpc, openai-java, anthropic-java, google-genai, aws-bedrock, spring-ai, langchain4j]"), result.stderr());
      assertTrue(receiver.spans().stream().map(ReceivedSpan::name).noneMatch(n -> n.contains("matmul_relu")), "" + receiver.spans());
    }
  }

  @Test
  void serviceNameAndResourceAttributesFromStandardVariables() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
          .env("OTEL_SERVICE_NAME", "scoring")
          .env("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test,team=ml")
          .args("overloads", model.toString())
          .run()
          .assertSuccess();
      ReceivedSpan span = receiver.spans().get(0);
      assertEquals("scoring", span.resource().get("service.name"));
      assertEquals("test", span.resource().get("deployment.environment.name"));
      assertEquals("ml", span.resource().get("team"));
    }
  }
}
