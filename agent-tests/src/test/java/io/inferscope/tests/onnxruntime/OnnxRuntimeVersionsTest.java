package io.inferscope.tests.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The oldest claimed ONNX Runtime (1.16.3, whose terminal run overload differs) and a middle one give
 * the same spans as 1.29.0: one load, one predict per call whatever the overload.
 */
class OnnxRuntimeVersionsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"1.16.3", "1.20.0"})
  void sameSpansOnOlderReleases(String version) {
    Path ortJar = ortJar(version);
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.exportingTo(ForkedJvm.java17().withAgent(), receiver, AgentApps.HTTP)
              .classpathFromTest()
              .classpath(ortJar)
              .mainClass("io.inferscope.tests.apps.OrtApp")
              .args("overloads", model.toString())
              .run()
              .assertSuccess();
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
      List<ReceivedSpan> predicts = receiver.spans().stream().filter(s -> s.name().equals("predict matmul_relu")).toList();
      assertEquals(4, predicts.size(), () -> "spans: " + receiver.spans());
      assertEquals(List.of("[2,4]"), predicts.get(0).attributes().get("ml.input.shapes"));
      assertEquals(1, receiver.spans().stream().filter(s -> s.name().equals("load matmul_relu")).count());
    }
  }

  /**
   * Drift reads tensors through a private ONNX Runtime method (see OrtValues): it exists, and works, on the
   * oldest and a middle release too. Every run inspected, windows of 200 rows: the shift is flagged.
   */
  @ParameterizedTest
  @ValueSource(strings = {"1.16.3", "1.20.0"})
  void driftReadsTensorsOnOlderReleases(String version) {
    Path model = OnnxModels.classifier(dir);
    ForkedJvm.Result result = ForkedJvm.java17().withAgent().classpathFromTest().classpath(ortJar(version))
        .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none")
        .sysProp("inferscope.drift.sample.one-in", "1")
        .sysProp("inferscope.drift.reference.size", "200").sysProp("inferscope.drift.window.size", "200")
        .mainClass("io.inferscope.tests.apps.OrtDriftApp").args(model.toString(), "100", "100", "16", "0")
        .run().assertSuccess();
    assertTrue(result.stderr().contains("model classifier output probs drifted"), result.stderr());
    assertTrue(result.stderr().contains("model classifier input X drifted"), result.stderr());
    assertEquals(4, result.stderr().lines().filter(l -> l.contains("[inferscope] WARN")).count(),
        () -> "the four flags and nothing else: " + result.stderr());
  }

  private static Path ortJar(String version) {
    Path jar = Path.of(System.getProperty("inferscope.onnxruntime.versions", "target/onnxruntime-versions"), "onnxruntime-" + version + ".jar");
    assertTrue(jar.toFile().isFile(), "missing " + jar);
    return jar;
  }
}
