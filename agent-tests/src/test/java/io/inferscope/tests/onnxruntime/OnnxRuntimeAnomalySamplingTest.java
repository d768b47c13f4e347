package io.inferscope.tests.onnxruntime;

import static io.inferscope.tests.sampling.SampledRuns.flagged;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.sampling.SampledRuns;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly sampler on real ONNX Runtime: 600 Gram matrices of a batch of 4 items with a genuinely slow
 * one every 50th after warm-up: the same batch size, items of 4000 features instead of 4 (~6·10^7
 * multiply-adds and a 4000x4000 result instead of 64; ~3 ms against ~20 us measured). (A bigger batch is not a slow one: judged for its
 * size, a batch 250 times bigger is expected to take up to 250 times as long.) Every slow run is exported
 * and flagged; the normal ones about at the base probability; the anomaly metrics count them and publish
 * the baseline.
 */
class OnnxRuntimeAnomalySamplingTest {
  private static final int SLOW_WIDTH = 4000;

  @TempDir Path dir;

  @Test
  void slowRunsAreAllExportedAndFlaggedAndNormalOnesSampledDown() {
    Path model = OnnxModels.gram(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = SampledRuns.withAnomalySampler(AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP))
          .args("spikes", model.toString(), "600", "50", Integer.toString(SLOW_WIDTH)).run().assertSuccess();
      assertTrue(result.stderr().contains("normal traces kept with probability 0.25"), result.stderr());
      Map<String, String> counts = SampledRuns.counts(result.stdout());
      int slowRuns = Integer.parseInt(counts.get("slow"));
      int normalRuns = Integer.parseInt(counts.get("normal"));
      assertEquals(9, slowRuns);

      List<ReceivedSpan> runs = receiver.spans().stream().filter(s -> s.name().equals("predict gram")).toList();
      assertTrue(runs.stream().allMatch(s -> s.longAttr("ml.batch.size") == 4), "one batch size");
      List<ReceivedSpan> slow = runs.stream().filter(s -> List.of("[4," + SLOW_WIDTH + "]").equals(s.attributes().get("ml.input.shapes"))).toList();
      List<ReceivedSpan> normal = runs.stream().filter(s -> List.of("[4,4]").equals(s.attributes().get("ml.input.shapes"))).toList();
      assertEquals(runs.size(), slow.size() + normal.size());
      SampledRuns.assertAllFlagged(slow, slowRuns, "run");
      SampledRuns.assertAboutBaseFraction(normal, normalRuns, "runs");

      List<ReceivedMetric> metrics = receiver.metrics();
      Map<String, Object> key = Map.of("inferscope.anomaly.system", "onnxruntime", "inferscope.anomaly.model", "gram",
          "inferscope.anomaly.operation", "predict");
      ReceivedMetric count = SampledRuns.latest(metrics, "inferscope.anomaly.count",
          Map.of("inferscope.anomaly.model", "gram", "inferscope.anomaly.reason", "latency_spike"));
      long flaggedNormal = normal.stream().filter(s -> flagged(s)).count();
      assertTrue(count.value() >= slowRuns, () -> "every spike counted: " + count);
      assertEquals(key, Map.of("inferscope.anomaly.system", count.attr("inferscope.anomaly.system"),
          "inferscope.anomaly.model", count.attr("inferscope.anomaly.model"), "inferscope.anomaly.operation", count.attr("inferscope.anomaly.operation")));
      assertTrue(count.value() >= slowRuns + flaggedNormal, "exported flags are counted too");
      ReceivedMetric p50 = SampledRuns.latest(metrics, "inferscope.anomaly.baseline",
          Map.of("inferscope.anomaly.model", "gram", "inferscope.anomaly.quantity", "duration", "inferscope.anomaly.statistic", "p50"));
      ReceivedMetric threshold = SampledRuns.latest(metrics, "inferscope.anomaly.baseline",
          Map.of("inferscope.anomaly.model", "gram", "inferscope.anomaly.quantity", "duration", "inferscope.anomaly.statistic", "threshold"));
      double fastestSlow = slow.stream().mapToDouble(s -> (s.endEpochNanos() - s.startEpochNanos()) / 1e9).min().orElseThrow();
      assertTrue(p50.value() > 0 && p50.value() < threshold.value() && threshold.value() < fastestSlow,
          () -> "baseline p50 " + p50.value() + " < threshold " + threshold.value() + " < slow runs " + fastestSlow);
    }
  }
}
