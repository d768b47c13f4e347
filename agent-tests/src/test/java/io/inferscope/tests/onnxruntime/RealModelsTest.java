package io.inferscope.tests.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.TestDataApp;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The agent on real third-party models: ONNX's own backend test data, as Debian's libonnx-testdata
 * ships it (PyTorch exports and single-operator models, each with a reference input and output).
 * One forked JVM with the agent runs them all through {@link TestDataApp}; the results must match
 * the reference outputs, and each model must give exactly one load and one predict span describing
 * its real inputs.
 *
 * <p>The models were chosen among those ONNX Runtime 1.29.0 still runs (it no longer implements
 * opset 1-6 operators, which rules out e.g. test_Linear, test_AvgPool2d and test_BatchNorm2d_eval)
 * to cover: weights, int64/bool/float inputs, one to three inputs, unnamed reference tensors (the
 * app then uses the session's input names), rank-0 inputs and a dynamic, empty rank-1 input.
 */
class RealModelsTest {
  static final Path TEST_DATA = Path.of("/usr/share/libonnx-testdata/data");

  /**
   * A model directory under {@link #TEST_DATA} and what its predict span must say; {@code batch}
   * null means the attribute must be absent.
   */
  record Model(String dir, List<String> inputNames, List<String> inputShapes, Long batch, List<String> outputNames) {
    /** What the agent calls a generic {@code model.onnx}: the folder name, then {@code /model}. */
    String name() {
      return Path.of(dir).getFileName() + "/model";
    }

    Path path() {
      return TEST_DATA.resolve(dir);
    }
  }

  static final List<Model> MODELS = List.of(
      // PyTorch exports: the tensors in the .pb files are unnamed; PyTorch named the graph's values "0", "1", ...
      new Model("pytorch-converted/test_Conv2d", List.of("0"), List.of("[2,3,7,5]"), 2L, List.of("3")),
      new Model("pytorch-converted/test_Linear_no_bias", List.of("0"), List.of("[4,10]"), 4L, List.of("3")),
      new Model("pytorch-converted/test_Embedding", List.of("0"), List.of("[1,4]"), 1L, List.of("2")), // int64 ids
      new Model("pytorch-converted/test_MaxPool2d", List.of("0"), List.of("[1,3,7,7]"), 1L, List.of("1")),
      // Operator tests: named tensors, several inputs of mixed types and ranks.
      new Model("node/test_matmul_2d", List.of("a", "b"), List.of("[3,4]", "[4,3]"), 3L, List.of("c")),
      new Model("node/test_where_example", List.of("condition", "x", "y"), // bool, float, float
          List.of("[2,2]", "[2,2]", "[2,2]"), 2L, List.of("z")),
      new Model("node/test_gather_0", List.of("data", "indices"), // float, int64 rank 1
          List.of("[5,4,3,2]", "[3]"), 5L, List.of("y")),
      // min and max are scalars (rank 0); the batch size is the first dimension of x.
      new Model("node/test_clip", List.of("x", "min", "max"), List.of("[3,4,5]", "[]", "[]"), 3L, List.of("y")),
      // Only scalars: there is no first dimension, so the agent records no batch size.
      new Model("node/test_range_float_type_positive_delta", List.of("start", "limit", "delta"),
          List.of("[]", "[]", "[]"), null, List.of("output")),
      // X is declared float[n] (dynamic) and the reference input is empty: the span shows the actual [0], batch 0.
      new Model("simple/test_sequence_model8", List.of("X", "Splits"), List.of("[0]", "[3]"), 0L, List.of("len")));

  @Test
  void realModelsRunUnchangedAndGiveOneLoadAndOnePredictSpanEach() {
    assertTrue(Files.isDirectory(TEST_DATA), TEST_DATA + " is missing: this test needs Debian's libonnx-testdata "
        + "(apt-get install --no-install-recommends libonnx-testdata; .ci/run installs it)");
    for (Model model : MODELS) {
      assertTrue(Files.isRegularFile(model.path().resolve("model.onnx")),
          "libonnx-testdata has no " + model.path().resolve("model.onnx") + "; the package changed?");
    }

    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = AgentApps.exportingTo(ForkedJvm.java17().withAgent(), receiver, AgentApps.HTTP)
          .classpathFromTest("onnxruntime")
          .mainClass(TestDataApp.class.getName())
          .args(MODELS.stream().map(model -> model.path().toString()).toArray(String[]::new))
          .run();

      // Results first: a model that fails says why on its own line, which beats a bare exit code.
      Map<String, String> lines = result.stdout().lines()
          .filter(line -> line.startsWith("model="))
          .collect(Collectors.toMap(line -> line.substring(6, line.indexOf(' ')), Function.identity()));
      assertAll("results with the agent attached (stdout:\n" + result.stdout() + "\nstderr:\n" + tail(result.stderr()) + ")",
          MODELS.stream().map(model -> (Executable) () -> {
            String dirName = Path.of(model.dir()).getFileName().toString();
            String line = lines.get(dirName);
            assertTrue(line != null, "no result line for " + dirName);
            assertTrue(line.contains(" inputs=" + model.inputNames().size() + " "), line);
            assertTrue(line.contains(" ok=true "), line);
          }));
      result.assertSuccess();

      List<ReceivedSpan> spans = receiver.spans();
      long predictCount = spans.stream().filter(span -> span.name().startsWith("predict ")).count();
      assertEquals(MODELS.size(), predictCount, () -> "one predict span per model; got " + names(spans));

      List<ReceivedMetric> metrics = receiver.metrics();
      List<Executable> checks = new ArrayList<>();
      for (Model model : MODELS) {
        checks.add(() -> assertSpans(model, spans));
        checks.add(() -> assertMetrics(model, metrics));
      }
      assertAll("telemetry of the real models", checks);
    }
  }

  private static void assertSpans(Model model, List<ReceivedSpan> spans) {
    String name = model.name();
    List<ReceivedSpan> loads = OnnxRuntimeSpansTest.named(spans, "load " + name);
    assertEquals(1, loads.size(), () -> "load spans of " + name + "; all spans: " + names(spans));
    ReceivedSpan load = loads.get(0);
    assertEquals("UNSET", load.statusCode(), () -> "load " + name + ": " + load);
    assertEquals(name, load.attr("ml.model.name"));
    assertEquals("onnxruntime", load.attr("ml.framework"));
    assertEquals("load", load.attr("ml.operation"));
    assertEquals("file", load.attr("ml.model.source"));

    List<ReceivedSpan> predicts = OnnxRuntimeSpansTest.named(spans, "predict " + name);
    assertEquals(1, predicts.size(), () -> "predict spans of " + name + "; all spans: " + names(spans));
    ReceivedSpan predict = predicts.get(0);
    String context = "predict " + name + ": " + predict.attributes();
    assertEquals("UNSET", predict.statusCode(), context);
    assertEquals("INTERNAL", predict.kind(), context);
    assertEquals(name, predict.attr("ml.model.name"), context);
    assertEquals("onnxruntime", predict.attr("ml.framework"), context);
    assertEquals("predict", predict.attr("ml.operation"), context);
    assertEquals(model.inputNames(), predict.attributes().get("ml.input.names"), context);
    assertEquals(model.inputShapes(), predict.attributes().get("ml.input.shapes"), context);
    assertEquals(model.outputNames(), predict.attributes().get("ml.output.names"), context);
    assertEquals(model.batch(), predict.longAttr("ml.batch.size"), context);
    assertFalse(predict.attributes().containsKey("error.type"), context);
  }

  private static void assertMetrics(Model model, List<ReceivedMetric> metrics) {
    String name = model.name();
    ReceivedMetric duration = lastPoint(metrics, "ml.inference.duration", name)
        .orElseThrow(() -> new AssertionError("no ml.inference.duration point for " + name + "; got " + seriesOf(metrics)));
    assertEquals(1, duration.count(), () -> "ml.inference.duration points of " + name);
    assertEquals(
        Map.of("ml.operation", "predict", "ml.framework", "onnxruntime", "ml.engine", "CPU",
            "ml.model.name", name, "ml.device", "cpu"),
        duration.attributes());

    ReceivedMetric load = lastPoint(metrics, "ml.model.load.duration", name)
        .orElseThrow(() -> new AssertionError("no ml.model.load.duration point for " + name + "; got " + seriesOf(metrics)));
    assertEquals(1, load.count(), () -> "ml.model.load.duration points of " + name);

    Optional<ReceivedMetric> batch = lastPoint(metrics, "ml.inference.batch.size", name);
    if (model.batch() == null) {
      assertTrue(batch.isEmpty(), () -> "no batch size for " + name + ", yet ml.inference.batch.size has sum "
          + batch.get().sum() + " over " + batch.get().count() + " calls");
    } else {
      ReceivedMetric point = batch.orElseThrow(() -> new AssertionError("no ml.inference.batch.size point for " + name));
      assertEquals(1, point.count(), () -> "ml.inference.batch.size points of " + name);
      assertEquals(model.batch().doubleValue(), point.sum(), 1e-9, () -> "ml.inference.batch.size sum of " + name);
    }
  }

  /** The last (cumulative) point of the metric's series for this model, if any. */
  private static Optional<ReceivedMetric> lastPoint(List<ReceivedMetric> metrics, String metric, String modelName) {
    ReceivedMetric last = null;
    for (ReceivedMetric point : metrics) {
      if (point.name().equals(metric) && modelName.equals(point.attr("ml.model.name"))) {
        last = point;
      }
    }
    if (last != null) {
      assertEquals("HISTOGRAM", last.type(), metric);
    }
    return Optional.ofNullable(last);
  }

  private static List<String> names(List<ReceivedSpan> spans) {
    return spans.stream().map(ReceivedSpan::name).sorted().toList();
  }

  private static List<String> seriesOf(List<ReceivedMetric> metrics) {
    return metrics.stream().map(point -> point.name() + "{" + point.attr("ml.model.name") + "}").distinct().sorted().toList();
  }

  private static String tail(String text) {
    return text.length() <= 3000 ? text : "..." + text.substring(text.length() - 3000);
  }
}
