package io.inferscope.tests.djl;

import static io.inferscope.tests.djl.DjlRuns.ORT;
import static io.inferscope.tests.djl.DjlRuns.describe;
import static io.inferscope.tests.djl.DjlRuns.djlSpans;
import static io.inferscope.tests.djl.DjlRuns.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the DJL instrumentation switched off, a DJL app on the ONNX Runtime engine gets ONNX Runtime spans only. */
class DjlSwitchedOffTest {
  @TempDir Path dir;

  @Test
  void switchedOffDjlLeavesOnlyOrtTelemetry() {
    OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = DjlRuns.withAgent(ORT, receiver)
          .sysProp("inferscope.instrumentation.djl.enabled", "false")
          .args(ORT, "predict", dir.toString())
          .run()
          .assertSuccess();
      DjlRuns.assertPredictOutput(result, ORT);

      String startup = result.stderr().lines().filter(l -> l.startsWith("[inferscope] INFO InferScope ")).findFirst()
          .orElseThrow(() -> new AssertionError("no startup line: " + result.stderr()));
      assertTrue(startup.contains("instrumentations [onnxruntime, java-http-client, http-url-connection, okhttp, apache-httpclient-5, apache-httpclient-4, reactor-netty, vertx-http-client, grpc, openai-java, anthropic-java, google-genai, aws-bedrock, spring-ai, langchain4j]"), startup);
      assertFalse(startup.contains("djl"), startup);

      List<ReceivedSpan> spans = receiver.spans();
      assertTrue(djlSpans(spans).isEmpty(), () -> "no DJL spans: " + describe(spans));
      ReceivedSpan ortPredict = only(spans, "predict matmul_relu", "onnxruntime", spans);
      assertEquals("", ortPredict.parentSpanId(), "without a DJL span the ORT run is a root");
      only(spans, "load matmul_relu", "onnxruntime", spans);
      assertTrue(receiver.metrics().stream().noneMatch(m -> DjlRuns.FRAMEWORK.equals(m.attr("ml.framework"))),
          () -> "no DJL metrics: " + receiver.metrics().stream().map(ReceivedMetric::name).distinct().toList());
      assertTrue(receiver.metrics().stream().noneMatch(m -> m.name().startsWith("ml.djl.")));
    }
  }
}
