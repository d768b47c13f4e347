package io.inferscope.tests.djl;

import static io.inferscope.tests.djl.DjlRuns.FRAMEWORK;
import static io.inferscope.tests.djl.DjlRuns.PYTORCH;
import static io.inferscope.tests.djl.DjlRuns.describe;
import static io.inferscope.tests.djl.DjlRuns.djlSpans;
import static io.inferscope.tests.djl.DjlRuns.named;
import static io.inferscope.tests.djl.DjlRuns.only;
import static io.inferscope.tests.djl.DjlRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL 0.35.1 with its PyTorch engine (libtorch 2.7.1 CPU from the bundled native jar, offline). The
 * model is a Linear + Relu block with the weights of matmul_relu, saved once by a JVM without the agent.
 */
class DjlPyTorchEngineTest {
  private static final String MODEL = "linear_relu";

  @TempDir static Path dir;

  @BeforeAll
  static void saveModel() {
    DjlRuns.preparePyTorch(dir);
  }

  static boolean onlyDjl(List<ReceivedSpan> spans) {
    return spans.stream().allMatch(s -> FRAMEWORK.equals(s.attr("ml.framework")));
  }

  @Test
  void predictIsOneSpanWithThePhaseSplit() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(PYTORCH, receiver).args(PYTORCH, "predict", dir.toString()).run().assertSuccess();
      DjlRuns.assertPredictOutput(result, PYTORCH);
      List<ReceivedSpan> spans = receiver.spans();

      ReceivedSpan predict = only(spans, "predict " + MODEL, FRAMEWORK, spans);
      DjlRuns.assertInferenceSpan(predict, "predict", PYTORCH, MODEL, 1, "FloatTranslator");
      assertEquals("", predict.parentSpanId(), "a root span");
      ReceivedSpan load = only(spans, "load " + MODEL, FRAMEWORK, spans);
      DjlRuns.assertLoadSpan(load, PYTORCH, MODEL, dir);
      assertEquals(2, djlSpans(spans).size(), () -> describe(spans));
      assertTrue(onlyDjl(spans), () -> "no other instrumentation is involved: " + describe(spans));

      DjlRuns.assertInferenceMetrics(receiver, "predict", PYTORCH, MODEL, 1, 1);
      DjlRuns.assertLoadMetric(receiver, PYTORCH);
    }
  }

  @Test
  void batchPredictIsOneSpanOfBatchSizeN() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(PYTORCH, receiver).args(PYTORCH, "batch", dir.toString(), "3").run().assertSuccess();
      DjlRuns.assertBatchOutput(result, PYTORCH);
      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan batch = only(spans, "batch_predict " + MODEL, FRAMEWORK, spans);
      DjlRuns.assertInferenceSpan(batch, "batch_predict", PYTORCH, MODEL, 3, "FloatTranslator");
      assertTrue(named(spans, "predict " + MODEL, FRAMEWORK).isEmpty(), () -> describe(spans));
      DjlRuns.assertLoadSpan(only(spans, "load " + MODEL, FRAMEWORK, spans), PYTORCH, MODEL, dir); // through ModelZoo.loadModel
      DjlRuns.assertInferenceMetrics(receiver, "batch_predict", PYTORCH, MODEL, 1, 3);
    }
  }

  @Test
  void failingTranslatorMarksTheSpanAndTheAppGetsItsOwnException() {
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(PYTORCH, receiver).args(PYTORCH, "fail", dir.toString()).run().assertSuccess();
      DjlOnnxRuntimeEngineTest.assertFailure(result, receiver.spans(), PYTORCH, MODEL);
    }
  }

  @Test
  void eightThreadsWithOwnPredictorsGiveOneSpanPerCall() {
    int threads = 8;
    int runs = 25;
    int calls = threads * runs;
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(PYTORCH, receiver)
          .args(PYTORCH, "threads", dir.toString(), String.valueOf(threads), String.valueOf(runs))
          .run()
          .assertSuccess();
      assertEquals(String.valueOf(calls), values(result).get("runs"), result.stdout());
      List<ReceivedSpan> spans = receiver.spans();
      List<ReceivedSpan> predicts = named(spans, "predict " + MODEL, FRAMEWORK);
      assertEquals(calls, predicts.size(), () -> "DJL predict spans; first spans: " + describe(spans));
      assertEquals(calls, predicts.stream().map(ReceivedSpan::spanId).distinct().count(), "distinct span ids");
      for (ReceivedSpan predict : predicts) {
        DjlRuns.assertInferenceSpan(predict, "predict", PYTORCH, MODEL, 1, "FloatTranslator");
      }
      DjlRuns.assertInferenceMetrics(receiver, "predict", PYTORCH, MODEL, calls, 1);
    }
  }
}
