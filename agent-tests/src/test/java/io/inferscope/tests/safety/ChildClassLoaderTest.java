package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX Runtime loaded by a URLClassLoader whose parent is the platform loader is instrumented. */
class ChildClassLoaderTest {
  @TempDir Path dir;

  @Test
  void libraryInChildLoaderIsInstrumented() {
    Path model = OnnxModels.matmulRelu(dir);
    String ortJar =
        Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .filter(p -> Path.of(p).getFileName().toString().startsWith("onnxruntime"))
            .findFirst()
            .orElseThrow();
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      // The ORT jar is deliberately NOT on the application class path: only the child loader has it.
      ForkedJvm.Result result =
          AgentApps.exportingTo(ForkedJvm.java17().withAgent(), receiver, AgentApps.HTTP)
              .classpathFromTest()
              .mainClass("io.inferscope.tests.apps.ChildLoaderApp")
              .args(ortJar, model.toString())
              .run()
              .assertSuccess();
      assertTrue(result.stdout().contains("loader=child"), result.stdout());
      assertEquals(1, receiver.spans().stream().filter(s -> s.name().equals("load matmul_relu")).count(), () -> "" + receiver.spans());
      assertEquals(1, receiver.spans().stream().filter(s -> s.name().equals("predict matmul_relu")).count());
    }
  }
}
