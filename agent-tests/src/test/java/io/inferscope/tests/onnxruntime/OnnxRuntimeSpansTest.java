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

      Map<String, Object> resource = load.resource();
      assertEquals("OrtApp", resource.get("service.name"), "service name derived from the main class");
      assertEquals("inferscope", resource.get("telemetry.distro.name"));
      assertTrue(resource.containsKey("telemetry.distro.version"));
      assertTrue(resource.containsKey("process.pid"));
      assertTrue(resource.containsKey("host.arch"));
      assertTrue(resource.containsKey("process.runtime.version"));

      ReceivedMetric duration = histogram(receiver, "ml.inference.duration");
      assertEquals("s", duration.unit());
      assertEquals(4, duration.count());
      assertEquals(
          Map.of("ml.operation", "predict", "ml.framework", "onnxruntime", "ml.engine", "CPU",
              "ml.model.name", "matmul_relu", "ml.device", "cpu"),
          duration.attributes());
      assertEquals(0.00001, duration.explicitBounds().get(0), 1e-12, "first bucket resolves 10 µs");
      assertEquals(60.0, duration.explicitBounds().get(duration.explicitBounds().size() - 1), 1e-9);

      ReceivedMetric batch = histogram(receiver, "ml.inference.batch.size");
      assertEquals(4, batch.count());
      assertEquals(8.0, batch.sum(), 1e-9, "4 calls of batch 2");

      ReceivedMetric loadDuration = histogram(receiver, "ml.model.load.duration");
      assertEquals(1, loadDuration.count());
      assertEquals("load", loadDuration.attributes().get("ml.operation"));
    }
  }

  /** The last (cumulative) point received for a histogram. */
  static ReceivedMetric histogram(OtlpReceiver receiver, String name) {
    List<ReceivedMetric> points = receiver.metrics().stream().filter(m -> m.name().equals(name)).toList();
    assertFalse(points.isEmpty(), () -> name + " not received; got " + receiver.metrics().stream().map(ReceivedMetric::name).distinct().toList());
    ReceivedMetric last = points.get(points.size() - 1);
    assertEquals("HISTOGRAM", last.type());
    return last;
  }

  @ParameterizedTest
  @ValueSource(strings = {AgentApps.HTTP})
  void inMemoryModelGetsAStableChecksumName(String protocol) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = receiver(protocol)) {
      AgentApps.ortApp(ForkedJvm.java17(), receiver, protocol).args("bytes", model.toString()).run().assertSuccess();
      ReceivedSpan load = receiver.spans().stream().filter(s -> s.name().startsWith("load ")).findFirst().orElseThrow();
      String name = load.attr("ml.model.name");
      assertTrue(Pattern.matches("onnx-[0-9a-f]{8}", name), name);
      assertEquals("memory", load.attr("ml.model.source"));
      assertEquals(1, named(receiver.spans(), "predict " + name).size());
      assertEquals(3L, named(receiver.spans(), "predict " + name).get(0).longAttr("ml.batch.size"));
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
