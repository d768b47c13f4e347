package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent writes one start-up line to stderr and is otherwise quiet; debug mode logs each transformed class. */
class AgentLoggingTest {
  @TempDir Path dir;

  static List<String> agentLines(String stderr) {
    return stderr.lines().filter(l -> l.startsWith("[inferscope]")).toList();
  }

  @Test
  void oneStartupLineAndOtherwiseQuiet() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP).args("overloads", model.toString()).run().assertSuccess();
      List<String> lines = agentLines(result.stderr());
      assertEquals(1, lines.size(), result.stderr());
      String startup = lines.get(0);
      assertTrue(startup.startsWith("[inferscope] INFO InferScope "), startup);
      assertTrue(startup.contains("instrumentations [onnxruntime, djl, java-http-client, okhttp, openai-java, langchain4j]"), startup);
      assertTrue(startup.contains("traces: otlp http/protobuf " + receiver.endpoint() + "/v1/traces"), startup);
      assertTrue(result.stdout().contains("calls=4"), "application output untouched: " + result.stdout());
    }
  }

  @Test
  void debugLogsEachTransformedClass() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .sysProp("inferscope.debug", "true")
              .args("overloads", model.toString())
              .run()
              .assertSuccess();
      String err = result.stderr();
      assertTrue(err.contains("[inferscope] DEBUG transformed ai.onnxruntime.OrtSession "), err);
      assertTrue(err.contains("[inferscope] DEBUG transformed ai.onnxruntime.OrtEnvironment "), err);
    }
  }
}
