package io.inferscope.tests.djl;

import static io.inferscope.tests.djl.DjlRuns.FRAMEWORK;
import static io.inferscope.tests.djl.DjlRuns.ORT;
import static io.inferscope.tests.djl.DjlRuns.describe;
import static io.inferscope.tests.djl.DjlRuns.djlSpans;
import static io.inferscope.tests.djl.DjlRuns.named;
import static io.inferscope.tests.djl.DjlRuns.only;
import static io.inferscope.tests.djl.DjlRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedEvent;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL 0.38.0 with its ONNX Runtime engine (on ONNX Runtime 1.29.0): DJL load and inference spans,
 * with the ONNX Runtime instrumentation's own spans nested under them.
 */
class DjlOnnxRuntimeEngineTest {
  private static final String MODEL = "matmul_relu";
  private static final String ORT_FRAMEWORK = "onnxruntime";

  @TempDir static Path dir;

  @BeforeAll
  static void writeModel() {
    OnnxModels.matmulRelu(dir);
  }

  @Test
  void predictIsOneSpanWithThePhaseSplitAndTheOrtRunNestedInIt() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver).args(ORT, "predict", dir.toString()).run().assertSuccess();
      DjlRuns.assertPredictOutput(result, ORT);
      List<ReceivedSpan> spans = receiver.spans();

      ReceivedSpan predict = only(spans, "predict " + MODEL, FRAMEWORK, spans);
      DjlRuns.assertInferenceSpan(predict, "predict", ORT, MODEL, 1, "FloatTranslator");
      assertTrue(named(spans, "batch_predict " + MODEL, FRAMEWORK).isEmpty(), () -> "predict's inner batchPredict is not traced again: " + describe(spans));

      ReceivedSpan ortPredict = only(spans, "predict " + MODEL, ORT_FRAMEWORK, spans);
      assertEquals(predict.traceId(), ortPredict.traceId(), () -> describe(spans));
      assertEquals(predict.spanId(), ortPredict.parentSpanId(), () -> "the ORT run is a child of the DJL predict span: " + describe(spans));
      assertEquals(1L, ortPredict.longAttr("ml.batch.size"));

      ReceivedSpan load = only(spans, "load " + MODEL, FRAMEWORK, spans);
      DjlRuns.assertLoadSpan(load, ORT, MODEL, dir);
      ReceivedSpan ortLoad = only(spans, "load " + MODEL, ORT_FRAMEWORK, spans);
      assertEquals(load.traceId(), ortLoad.traceId(), () -> describe(spans));
      assertEquals(load.spanId(), ortLoad.parentSpanId(), () -> "the ORT session is created inside the DJL load: " + describe(spans));
      assertEquals(2, djlSpans(spans).size(), () -> "one load, one predict from DJL: " + describe(spans));

      DjlRuns.assertInferenceMetrics(receiver, "predict", ORT, MODEL, 1, 1);
      DjlRuns.assertLoadMetric(receiver, ORT);
    }
  }

  @Test
  void batchPredictIsOneSpanOfBatchSizeN() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver).args(ORT, "batch", dir.toString(), "3").run().assertSuccess();
      DjlRuns.assertBatchOutput(result, ORT);
      List<ReceivedSpan> spans = receiver.spans();

      ReceivedSpan batch = only(spans, "batch_predict " + MODEL, FRAMEWORK, spans);
      DjlRuns.assertInferenceSpan(batch, "batch_predict", ORT, MODEL, 3, "FloatTranslator");
      assertTrue(named(spans, "predict " + MODEL, FRAMEWORK).isEmpty(), () -> describe(spans));
      ReceivedSpan ortPredict = only(spans, "predict " + MODEL, ORT_FRAMEWORK, spans);
      assertEquals(batch.spanId(), ortPredict.parentSpanId(), () -> describe(spans));
      assertEquals(batch.traceId(), ortPredict.traceId(), () -> describe(spans));
      assertEquals(3L, ortPredict.longAttr("ml.batch.size"), "one ORT run of the whole batch");
      DjlRuns.assertLoadSpan(only(spans, "load " + MODEL, FRAMEWORK, spans), ORT, MODEL, dir); // through ModelZoo.loadModel

      DjlRuns.assertInferenceMetrics(receiver, "batch_predict", ORT, MODEL, 1, 3);
    }
  }

  @Test
  void failingTranslatorMarksTheSpanAndTheAppGetsItsOwnException() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver).args(ORT, "fail", dir.toString()).run().assertSuccess();
      assertFailure(result, receiver.spans(), ORT, MODEL);
      assertTrue(named(receiver.spans(), "predict " + MODEL, ORT_FRAMEWORK).isEmpty(), "pre-processing failed, ORT never ran");
    }
  }

  /** Shared with the PyTorch engine test: what a TranslateException from processInput gives. */
  static void assertFailure(ForkedJvm.Result result, List<ReceivedSpan> spans, String engine, String model) {
    Map<String, String> values = values(result);
    assertEquals("ai.djl.translate.TranslateException", values.get("caught"), result.stdout());
    assertEquals("bad input: [1.0, 2.0, 3.0, 4.0]", values.get("message"), "the translator's exception reaches the app unchanged");
    assertEquals("null", values.get("cause"), result.stdout());

    ReceivedSpan predict = only(spans, "predict " + model, FRAMEWORK, spans);
    assertEquals("INTERNAL", predict.kind());
    assertEquals("ERROR", predict.statusCode(), predict::toString);
    assertEquals("ai.djl.translate.TranslateException", predict.attr("error.type"), predict::toString);
    assertEquals("predict", predict.attr("ml.operation"));
    assertEquals(engine, predict.attr("ml.engine"));
    assertEquals(model, predict.attr("ml.model.name"));
    assertEquals("FailingTranslator", predict.attr("ml.djl.translator"));
    List<Map<String, Object>> exceptions =
        predict.events().stream().filter(e -> e.name().equals("exception")).map(ReceivedEvent::attributes).toList();
    assertEquals(1, exceptions.size(), predict::toString);
    assertEquals("ai.djl.translate.TranslateException", exceptions.get(0).get("exception.type"), predict::toString);
    assertEquals(values.get("message"), exceptions.get(0).get("exception.message"), predict::toString);
    assertTrue(named(spans, "batch_predict " + model, FRAMEWORK).isEmpty(), () -> describe(spans));
  }

  /** The README: the phase split is recorded for sampled predictions only, the inference metrics for all. */
  @Test
  void anUnsampledPredictionHasItsMetricsButNoPhaseSplit() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver).env("OTEL_TRACES_SAMPLER", "always_off")
          .args(ORT, "predict", dir.toString()).run().assertSuccess();
      DjlRuns.assertPredictOutput(result, ORT);
      assertTrue(receiver.spans().isEmpty(), () -> "nothing sampled: " + describe(receiver.spans()));
      assertEquals(1, DjlRuns.histogram(receiver, "ml.inference.duration", DjlRuns.baseAttributes("predict", ORT, MODEL)).count());
      assertTrue(receiver.metrics().stream().noneMatch(m -> m.name().equals("ml.djl.phase.duration")),
          () -> "no phase split for an unsampled prediction: " + receiver.metrics().stream().map(m -> m.name()).distinct().toList());
    }
  }

  @Test
  void eightThreadsWithOwnPredictorsGiveOneSpanPerCall() {
    int threads = 8;
    int runs = 50;
    int calls = threads * runs;
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver)
          .args(ORT, "threads", dir.toString(), String.valueOf(threads), String.valueOf(runs))
          .run()
          .assertSuccess();
      assertEquals(String.valueOf(calls), values(result).get("runs"), result.stdout());
      List<ReceivedSpan> spans = receiver.spans();
      List<ReceivedSpan> predicts = named(spans, "predict " + MODEL, FRAMEWORK);
      assertEquals(calls, predicts.size(), () -> "DJL predict spans; first spans: " + describe(spans));
      Map<String, ReceivedSpan> byId = predicts.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s, (a, b) -> {
        throw new AssertionError("duplicate span id " + a.spanId());
      }));
      assertEquals(calls, predicts.stream().map(ReceivedSpan::traceId).distinct().count(), "each predict is its own trace");
      for (ReceivedSpan predict : predicts) {
        DjlRuns.assertInferenceSpan(predict, "predict", ORT, MODEL, 1, "FloatTranslator");
      }

      List<ReceivedSpan> ortPredicts = named(spans, "predict " + MODEL, ORT_FRAMEWORK);
      assertEquals(calls, ortPredicts.size());
      Set<String> parents = ortPredicts.stream().map(ReceivedSpan::parentSpanId).collect(Collectors.toSet());
      assertEquals(calls, parents.size(), "each ORT run under its own DJL predict span");
      for (ReceivedSpan ortPredict : ortPredicts) {
        ReceivedSpan parent = byId.get(ortPredict.parentSpanId());
        assertTrue(parent != null, () -> "ORT run without a DJL parent: " + ortPredict);
        assertEquals(parent.traceId(), ortPredict.traceId());
      }

      DjlRuns.assertInferenceMetrics(receiver, "predict", ORT, MODEL, calls, 1);
    }
  }

  @Test
  void missingModelFailsTheLoadSpanAndTheAppGetsDjlsException() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver).args(ORT, "load-missing", dir.toString()).run().assertSuccess();
      Map<String, String> values = values(result);
      // What DJL 0.38.0 throws for a model path that does not exist, with or without the agent.
      assertEquals("ai.djl.repository.zoo.ModelNotFoundException", values.get("caught"), result.stdout());
      assertEquals("No model matching the criteria is found.", values.get("message"), result.stdout());
      assertEquals("null", values.get("cause"), result.stdout());
      DjlRuns.assertFailedLoad(receiver.spans(), MODEL, values.get("caught"));
    }
  }

  @Test
  void malformedModelFailsTheLoadSpanAndTheAppGetsDjlsException() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver).args(ORT, "load-malformed", dir.toString()).run().assertSuccess();
      Map<String, String> values = values(result);
      // DJL wraps ONNX Runtime's OrtException, with or without the agent.
      assertEquals("ai.djl.MalformedModelException", values.get("caught"), result.stdout());
      assertEquals("ONNX Model cannot be loaded", values.get("message"), result.stdout());
      assertEquals("ai.onnxruntime.OrtException", values.get("cause"), result.stdout());
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan load = DjlRuns.assertFailedLoad(spans, "model", values.get("caught"));
      // If the ORT instrumentation reports its failed session, it belongs under the DJL load.
      spans.stream().filter(s -> ORT_FRAMEWORK.equals(s.attr("ml.framework"))).forEach(s -> {
        assertEquals(load.spanId(), s.parentSpanId(), () -> describe(spans));
        assertEquals("ERROR", s.statusCode(), () -> describe(spans));
      });
    }
  }
}
