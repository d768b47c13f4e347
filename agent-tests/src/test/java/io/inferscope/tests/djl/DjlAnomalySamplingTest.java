package io.inferscope.tests.djl;

import static io.inferscope.tests.djl.DjlRuns.ORT;
import static io.inferscope.tests.djl.DjlRuns.describe;
import static io.inferscope.tests.djl.DjlRuns.named;
import static io.inferscope.tests.sampling.SampledRuns.flagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.sampling.SampledRuns;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly sampler keeps whole local traces: DJL predictions on its ONNX Runtime engine, each a DJL span
 * with the ONNX Runtime run nested in it. Every 50th prediction after warm-up is slow in its pre-processing
 * while its engine run is normal: the slow DJL span is flagged and exported, and so is the run inside it,
 * which ended before the anomaly was known and was held until then. Normal predictions are exported at
 * about the base probability, always with their run.
 */
class DjlAnomalySamplingTest {
  private static final String MODEL = "matmul_relu";

  @TempDir Path dir;

  @Test
  void aSlowPredictionIsExportedWithTheEngineRunInsideIt() {
    OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = SampledRuns.withAnomalySampler(DjlRuns.withAgent(ORT, receiver))
          .args(ORT, "spikes", dir.toString(), "600", "50").run().assertSuccess();
      Map<String, String> counts = SampledRuns.counts(result.stdout());
      int slowCalls = Integer.parseInt(counts.get("slow"));
      assertEquals(9, slowCalls);
      List<ReceivedSpan> spans = receiver.spans();
      List<ReceivedSpan> predictions = named(spans, "batch_predict " + MODEL, DjlRuns.FRAMEWORK);
      Map<String, ReceivedSpan> runsByParent = named(spans, "predict " + MODEL, "onnxruntime").stream()
          .collect(Collectors.toMap(ReceivedSpan::parentSpanId, Function.identity()));

      List<ReceivedSpan> slow = predictions.stream().filter(s -> s.longAttr("ml.batch.size") == 2).toList();
      SampledRuns.assertAllFlagged(slow, slowCalls, "prediction");
      for (ReceivedSpan prediction : slow) {
        ReceivedSpan run = runsByParent.get(prediction.spanId());
        assertTrue(run != null, () -> "the engine run of a slow prediction is exported with it: " + describe(spans));
        assertEquals(prediction.traceId(), run.traceId());
        if (!flagged(run)) {
          assertEquals(SampledRuns.ratioSampled(run.traceId()) ? SampledRuns.BASE_PROBABILITY : 1.0,
              run.attributes().get("inferscope.sampling.probability"), () -> "kept for its trace, or by the base probability: " + run);
        }
      }

      List<ReceivedSpan> normal = predictions.stream().filter(s -> s.longAttr("ml.batch.size") == 1).toList();
      SampledRuns.assertAboutBaseFraction(normal, Integer.parseInt(counts.get("normal")), "predictions");
      for (ReceivedSpan prediction : normal) {
        assertTrue(runsByParent.containsKey(prediction.spanId()), () -> "a kept trace is whole: " + prediction);
      }
    }
  }
}
