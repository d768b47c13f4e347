package io.inferscope.tests.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedEvent;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Load and predict spans and metrics of a real ONNX Runtime app, as an OTLP receiver gets them. */
class OnnxRuntimeSpansTest {
  static final List<Double> DURATION_BOUNDS = List.of(0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);

  @TempDir Path dir;

  static OtlpReceiver receiver(String protocol) {
    return protocol.equals(AgentApps.GRPC) ? OtlpReceiver.grpc() : OtlpReceiver.http();
  }

  static List<ReceivedSpan> named(List<ReceivedSpan> spans, String name) {
    return spans.stream().filter(s -> s.name().equals(name)).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {AgentApps.HTTP, AgentApps.GRPC})
  void everyRunOverloadGivesExactlyOnePredictSpan(String protocol) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = receiver(protocol)) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, protocol).args("overloads", model.toString()).run().assertSuccess();
      assertTrue(result.stdout().contains("calls=4"), result.stdout());

      List<ReceivedSpan> spans = receiver.spans();
      List<ReceivedSpan> loads = named(spans, "load matmul_relu");
      List<ReceivedSpan> predicts = named(spans, "predict matmul_relu");
      assertEquals(1, loads.size(), () -> "spans: " + spans);
      assertEquals(4, predicts.size(), () -> "spans: " + spans);

      ReceivedSpan load = loads.get(0);
      assertEquals("INTERNAL", load.kind());
      assertEquals("load", load.attr("ml.operation"));
      assertEquals("onnxruntime", load.attr("ml.framework"));
      assertEquals("matmul_relu", load.attr("ml.model.name"));
      assertEquals("CPU", load.attr("ml.engine"));
      assertEquals("cpu", load.attr("ml.device"));
      assertEquals("file", load.attr("ml.model.source"));
      assertEquals(List.of("CPU"), load.attributes().get("ml.onnxruntime.execution_providers"));
      assertTrue(load.endEpochNanos() > load.startEpochNanos());

      for (ReceivedSpan predict : predicts) {
        assertEquals("INTERNAL", predict.kind());
        assertEquals("UNSET", predict.statusCode());
        assertEquals("predict", predict.attr("ml.operation"));
        assertEquals("onnxruntime", predict.attr("ml.framework"));
        assertEquals("matmul_relu", predict.attr("ml.model.name"));
        assertEquals("CPU", predict.attr("ml.engine"));
        assertEquals("cpu", predict.attr("ml.device"));
        assertEquals(2L, predict.longAttr("ml.batch.size"));
        assertEquals(List.of("X"), predict.attributes().get("ml.input.names"));
        assertEquals(List.of("[2,4]"), predict.attributes().get("ml.input.shapes"));
        assertEquals(List.of("Y"), predict.attributes().get("ml.output.names"));
        assertFalse(predict.attributes().containsKey("error.type"));
      }

      assertResource(load.resource(), model);

      ReceivedMetric duration = histogram(receiver, "ml.inference.duration");
      assertEquals("s", duration.unit());
      assertEquals(4, duration.count());
      assertEquals(
          Map.of("ml.operation", "predict", "ml.framework", "onnxruntime", "ml.engine", "CPU",
              "ml.model.name", "matmul_relu", "ml.device", "cpu"),
          duration.attributes());
      assertEquals(DURATION_BOUNDS, duration.explicitBounds(), "10 µs to 60 s, as the README lists them");

      ReceivedMetric batch = histogram(receiver, "ml.inference.batch.size");
      assertEquals("{item}", batch.unit());
      assertEquals(List.of(1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0, 1024.0), batch.explicitBounds());
      assertEquals(4, batch.count());
      assertEquals(8.0, batch.sum(), 1e-9, "4 calls of batch 2");

      ReceivedMetric loadDuration = histogram(receiver, "ml.model.load.duration");
      assertEquals("s", loadDuration.unit());
      List<Double> loadBounds = loadDuration.explicitBounds();
      assertEquals(List.of(0.001, 300.0), List.of(loadBounds.get(0), loadBounds.get(loadBounds.size() - 1)), "1 ms to 300 s");
      assertEquals(1, loadDuration.count());
      assertEquals("load", loadDuration.attributes().get("ml.operation"));
    }
  }

  /**
   * The README's resource list, every entry present, and no command-line argument anywhere in it
   * (the model path is OrtApp's argument).
   */
  static void assertResource(Map<String, Object> resource, Path argument) {
    assertEquals("OrtApp", resource.get("service.name"), "service name derived from the main class");
    assertEquals("inferscope", resource.get("telemetry.distro.name"));
    for (String key : List.of("telemetry.distro.version", "telemetry.sdk.name", "telemetry.sdk.language", "telemetry.sdk.version",
        "host.name", "host.arch", "os.type", "os.description", "process.pid", "process.executable.path", "process.runtime.name",
        "process.runtime.version", "process.runtime.description")) {
      assertTrue(resource.containsKey(key), () -> key + " missing from " + resource);
    }
    assertTrue(resource.keySet().stream().noneMatch(key -> key.startsWith("process.command")), resource::toString);
    assertTrue(resource.values().stream().noneMatch(value -> String.valueOf(value).contains(argument.toString())),
        () -> "a command-line argument in the resource: " + resource);
  }

  /** The last (cumulative) point received for a histogram. */
  static ReceivedMetric histogram(OtlpReceiver receiver, String name) {
    List<ReceivedMetric> points = receiver.metrics().stream().filter(m -> m.name().equals(name)).toList();
    assertFalse(points.isEmpty(), () -> name + " not received; got " + receiver.metrics().stream().map(ReceivedMetric::name).distinct().toList());
    ReceivedMetric last = points.get(points.size() - 1);
    assertEquals("HISTOGRAM", last.type());
    return last;
  }

  /**
   * A model loaded from a byte[] and from a ByteBuffer gets one stable checksum name, and each of the
   * three run overloads that write into pinned outputs gives one predict span naming those outputs.
   */
  @ParameterizedTest
  @ValueSource(strings = {AgentApps.HTTP})
  void inMemoryModelsGetAStableChecksumNameAndPinnedOutputsAreNamed(String protocol) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = receiver(protocol)) {
      ForkedJvm.Result result = AgentApps.ortApp(ForkedJvm.java17(), receiver, protocol).args("memory", model.toString()).run().assertSuccess();
      assertTrue(result.stdout().contains("calls=6"), result.stdout());
      List<ReceivedSpan> loads = receiver.spans().stream().filter(s -> s.name().startsWith("load ")).toList();
      assertEquals(2, loads.size(), loads::toString);
      String name = loads.get(0).attr("ml.model.name");
      assertTrue(Pattern.matches("onnx-[0-9a-f]{8}", name), name);
      for (ReceivedSpan load : loads) {
        assertEquals(name, load.attr("ml.model.name"), "the same bytes, the same name");
        assertEquals("memory", load.attr("ml.model.source"));
      }
      List<ReceivedSpan> predicts = named(receiver.spans(), "predict " + name);
      assertEquals(6, predicts.size(), () -> "spans: " + receiver.spans());
      for (ReceivedSpan predict : predicts) {
        assertEquals(3L, predict.longAttr("ml.batch.size"));
        assertEquals(List.of("Y"), predict.attributes().get("ml.output.names"), predict::toString);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {AgentApps.HTTP, AgentApps.GRPC})
  void failingRunKeepsTheExceptionAndMarksTheSpan(String protocol) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = receiver(protocol)) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, protocol).args("wrong-input", model.toString()).run().assertSuccess();
      String out = result.stdout();
      assertTrue(out.contains("caught=ai.onnxruntime.OrtException"), out);
      assertTrue(out.contains("top-frame=ai.onnxruntime."), "the exception comes from ONNX Runtime, not from a wrapper: " + out);
      assertTrue(out.contains("cause=null"), out);
      String message = out.lines().filter(l -> l.startsWith("message=")).findFirst().orElseThrow().substring(8);

      ReceivedSpan predict = named(receiver.spans(), "predict matmul_relu").get(0);
      assertEquals("ERROR", predict.statusCode());
      assertEquals("ai.onnxruntime.OrtException", predict.attr("error.type"));
      ReceivedEvent exception = predict.events().stream().filter(e -> e.name().equals("exception")).findFirst().orElseThrow();
      assertEquals("ai.onnxruntime.OrtException", exception.attributes().get("exception.type"));
      assertEquals(message, exception.attributes().get("exception.message"));

      ReceivedMetric duration = histogram(receiver, "ml.inference.duration");
      assertEquals("ai.onnxruntime.OrtException", duration.attributes().get("error.type"));
    }
  }
}
