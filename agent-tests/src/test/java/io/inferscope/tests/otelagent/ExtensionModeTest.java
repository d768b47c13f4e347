package io.inferscope.tests.otelagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * InferScope as an extension of the OpenTelemetry Java agent, oldest and newest version claimed (the
 * newest on Java 25 too), with
 * the README's command line and nothing else but the receiver: InferScope's inference spans are
 * children of the span the agent has open (its method span around the app's inference loop), they
 * and InferScope's metrics go out through that agent's SDK with its resource, and InferScope's own
 * SDK never starts (nothing arrives under InferScope's own resource).
 */
class ExtensionModeTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "OpenTelemetry Java agent {0} on {1}")
  @CsvSource({AgentApps.OTEL_AGENT_OLDEST + ", Java 17", AgentApps.OTEL_AGENT_NEWEST + ", Java 17",
      AgentApps.OTEL_AGENT_NEWEST + ", Java 25"})
  void inferenceSpansAreChildrenOfTheAgentsSpanAndGoThroughItsSdk(String version, String java) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = (java.equals("Java 25") ? ForkedJvm.java25() : ForkedJvm.java17())
          .withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent(version));
      ForkedJvm.Result result = AgentApps.exportingTo(jvm.classpathFromTest("onnxruntime"), receiver, AgentApps.HTTP)
          .mainClass("io.inferscope.tests.apps.OrtApp")
          .sysProp("otel.instrumentation.methods.include", "io.inferscope.tests.apps.OrtApp[loop]")
          .args("loop", model.toString(), "4").run().assertSuccess();

      assertTrue(result.stderr().contains("started inside the OpenTelemetry Java agent " + version
          + " (loaded through otel.javaagent.extensions)"), result.stderr());
      assertFalse(result.stderr().contains("[inferscope] WARN") || result.stderr().contains("[inferscope] ERROR"), result.stderr());
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan loop = only(spans, "OrtApp.loop");
      List<ReceivedSpan> predicts = spans.stream().filter(s -> s.name().equals("predict matmul_relu")).toList();
      assertEquals(4, predicts.size(), () -> summary(spans));
      for (ReceivedSpan predict : predicts) {
        assertEquals(loop.traceId(), predict.traceId(), "in the trace of the agent's span");
        assertEquals(loop.spanId(), predict.parentSpanId(), "a child of the agent's span");
        assertEquals(AgentApps.OTEL_AGENT_DISTRO, predict.resource().get("telemetry.distro.name"), "the agent's resource");
      }
      assertTrue(spans.stream().allMatch(s -> AgentApps.OTEL_AGENT_DISTRO.equals(s.resource().get("telemetry.distro.name"))),
          () -> "InferScope's own SDK exported something: " + summary(spans));
      assertTrue(receiver.metrics().stream().anyMatch(m -> m.name().equals("ml.inference.duration")
              && AgentApps.OTEL_AGENT_DISTRO.equals(m.resource().get("telemetry.distro.name"))),
          "InferScope's metrics go through the agent's SDK");
      assertTrue(receiver.metrics().stream().noneMatch(m -> "inferscope".equals(m.resource().get("telemetry.distro.name"))),
          "InferScope's own SDK exported metrics");
    }
  }

  /**
   * The other ways the README names: the environment variable instead of the property, and a folder of
   * extensions instead of the jar itself (InferScope then finds its own jar in that folder).
   */
  @Test
  void aFolderNamedInTheEnvironmentVariableWorksToo() throws IOException {
    Path model = OnnxModels.matmulRelu(dir);
    Path extensions = Files.createDirectories(dir.resolve("extensions"));
    Files.copy(Path.of(System.getProperty("inferscope.agent.jar")), extensions.resolve("inferscope-agent.jar"));
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17().javaagent(AgentApps.openTelemetryJavaAgent())
          .env("OTEL_JAVAAGENT_EXTENSIONS", extensions.toString());
      ForkedJvm.Result result = AgentApps.exportingTo(jvm.classpathFromTest("onnxruntime"), receiver, AgentApps.HTTP)
          .mainClass("io.inferscope.tests.apps.OrtApp")
          .sysProp("otel.instrumentation.methods.include", "io.inferscope.tests.apps.OrtApp[loop]")
          .args("loop", model.toString(), "4").run().assertSuccess();
      assertTrue(result.stderr().contains("started inside the OpenTelemetry Java agent"), result.stderr());
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan loop = only(spans, "OrtApp.loop");
      List<ReceivedSpan> predicts = spans.stream().filter(s -> s.name().equals("predict matmul_relu")).toList();
      assertEquals(4, predicts.size(), () -> summary(spans));
      assertTrue(predicts.stream().allMatch(p -> p.parentSpanId().equals(loop.spanId())), () -> summary(spans));
    }
  }

  static ReceivedSpan only(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, named.size(), () -> "one span named " + name + ": " + summary(spans));
    return named.get(0);
  }

  static String summary(List<ReceivedSpan> spans) {
    return spans.stream().map(s -> s.kind() + " " + s.name() + " " + s.spanId() + "<-" + s.parentSpanId()
        + " (" + s.resource().get("telemetry.distro.name") + ")").toList().toString();
  }
}
