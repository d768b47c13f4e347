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
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 16 threads × 500 runs on one shared session: exactly 8000 predict spans, none lost, none twice. */
class OnnxRuntimeConcurrencyTest {
  @TempDir Path dir;

  @Test
  void sixteenThreadsGiveExactlyOneSpanPerRun() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              // The default queue (2048) drops spans on purpose when the exporter falls behind a burst;
              // here the test needs every span, so the queue holds the whole burst.
              .env("OTEL_BSP_MAX_QUEUE_SIZE", "16384")
              .args("threads", model.toString(), "16", "500")
              .run()
              .assertSuccess();
      assertTrue(result.stdout().contains("runs=8000"), result.stdout());

      List<ReceivedSpan> predicts =
          receiver.spans().stream().filter(s -> s.name().equals("predict matmul_relu")).toList();
      assertEquals(8000, predicts.size());
      Set<String> ids = predicts.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
      assertEquals(8000, ids.size(), "every span id is distinct");
      assertTrue(predicts.stream().allMatch(s -> s.statusCode().equals("UNSET")));
      assertEquals(8000, OnnxRuntimeSpansTest.histogram(receiver, "ml.inference.duration").count());
    }
  }
}
