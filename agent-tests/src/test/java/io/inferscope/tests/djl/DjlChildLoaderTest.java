package io.inferscope.tests.djl;

import static io.inferscope.tests.djl.DjlRuns.FRAMEWORK;
import static io.inferscope.tests.djl.DjlRuns.ORT;
import static io.inferscope.tests.djl.DjlRuns.describe;
import static io.inferscope.tests.djl.DjlRuns.only;
import static io.inferscope.tests.djl.DjlRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DJL, its ONNX Runtime engine and ONNX Runtime loaded by a URLClassLoader whose parent is the
 * platform loader (none of them on the application class path) are instrumented like on the class path.
 */
class DjlChildLoaderTest {
  @TempDir Path dir;

  @Test
  void djlInChildLoaderIsInstrumented() throws URISyntaxException {
    OnnxModels.matmulRelu(dir);
    String ortJar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> Path.of(p).getFileName().toString().startsWith("onnxruntime-"))
        .findFirst()
        .orElseThrow();
    Path testClasses = Path.of(OnnxModels.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = AgentApps.exportingTo(ForkedJvm.java17().withAgent(), receiver, AgentApps.HTTP)
          .classpathFromTest()
          .env("DJL_CACHE_DIR", DjlRuns.cacheDir().toString())
          .mainClass(DjlRuns.CHILD_LOADER_APP)
          .args(DjlRuns.libs(ORT).toString(), ortJar, testClasses.toString(), ORT, "predict", dir.toString())
          .run()
          .assertSuccess();
      Map<String, String> values = values(result);
      assertEquals("child", values.get("app.loader"), result.stdout());
      assertEquals("child", values.get("loader"), "DJL itself came from the child loader: " + result.stdout());
      DjlRuns.assertPredictOutput(result, ORT);

      List<ReceivedSpan> spans = receiver.spans();
      ReceivedSpan predict = only(spans, "predict matmul_relu", FRAMEWORK, spans);
      DjlRuns.assertInferenceSpan(predict, "predict", ORT, "matmul_relu", 1, "FloatTranslator");
      ReceivedSpan load = only(spans, "load matmul_relu", FRAMEWORK, spans);
      DjlRuns.assertLoadSpan(load, ORT, "matmul_relu", dir);
      ReceivedSpan ortPredict = only(spans, "predict matmul_relu", "onnxruntime", spans);
      assertEquals(predict.spanId(), ortPredict.parentSpanId(), () -> describe(spans));
    }
  }
}
