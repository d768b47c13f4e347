package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The OpenTelemetry Java agent 2.33.1 attached next to ours, in either order: the app works, both
 * agents export, our spans are not duplicated, and our own export requests are not traced by it.
 */
class OpenTelemetryAgentCoexistenceTest {
  @TempDir Path dir;

  static String otelAgent() {
    File jar = Path.of(System.getProperty("inferscope.bench.libs", "target/bench-libs"), "opentelemetry-javaagent.jar").toFile();
    assertTrue(jar.isFile(), "missing " + jar);
    return "-javaagent:" + jar.getAbsolutePath();
  }

  @ParameterizedTest
  @ValueSource(strings = {"otel-first", "inferscope-first"})
  void bothAgentsWork(String order) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm jvm = ForkedJvm.java17();
      if (order.equals("otel-first")) {
        jvm.jvmArg(otelAgent());
      }
      jvm = AgentApps.ortApp(jvm, receiver, AgentApps.HTTP);
      if (order.equals("inferscope-first")) {
        jvm.jvmArg(otelAgent());
      }
      // The app stays up past a metric export interval (1 s): the OpenTelemetry agent's metrics then
      // arrive on its schedule rather than only from its exit-time flush, which a loaded machine can cut short.
      ForkedJvm.Result result = jvm.args("loop-and-wait", model.toString(), "4", "2").run().assertSuccess();
      assertTrue(result.stdout().contains("runs=4"), result.stdout());

      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(4, spans.stream().filter(s -> s.name().equals("predict matmul_relu")).count(), () -> "" + spans);
      assertTrue(receiver.metrics().stream().anyMatch(m -> "opentelemetry-java-instrumentation".equals(m.resource().get("telemetry.distro.name"))),
          () -> "the OpenTelemetry agent exported too; its output: " + result.stderr());
      assertTrue(spans.stream().noneMatch(s -> s.kind().equals("CLIENT")),
          () -> "our export requests must not be traced: " + spans.stream().filter(s -> s.kind().equals("CLIENT")).toList());
    }
  }
}
