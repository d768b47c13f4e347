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
      assertTrue(startup.contains("instrumentations [onnxruntime, djl, java-http-client, http-url-connection, okhttp, apache-httpclient-5, apache-httpclient-4, reactor-netty, vertx-http-client, grpc, openai-java, anthropic-java, google-genai, aws-bedrock, spring-ai, langchain4j]"), startup);
      assertTrue(startup.contains("traces: otlp http/protobuf " + receiver.endpoint() + "/v1/traces"), startup);
      assertTrue(result.stdout().contains("calls=4"), "application output untouched: " + result.stdout());
    }
  }

  /**
   * What the README says debug mode logs: each transformed class, start-up timings, SDK internals and
   * every export failure, not only the first. The collector refuses every export (400, not retried), and
   * the application lives through several metric exports (one a second).
   */
  @Test
  void debugLogsEachTransformedClassTimingsSdkInternalsAndEveryExportFailure() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      receiver.failWith(400);
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .sysProp("inferscope.debug", "true")
              .args("loop-and-wait", model.toString(), "4", "3")
              .run()
              .assertSuccess();
      String err = result.stderr();
      assertTrue(err.contains("[inferscope] DEBUG transformed ai.onnxruntime.OrtSession "), err);
      assertTrue(err.contains("[inferscope] DEBUG transformed ai.onnxruntime.OrtEnvironment "), err);
      assertTrue(err.contains("[inferscope] DEBUG start-up took "), err);
      assertTrue(err.contains("[inferscope] DEBUG [otel-sdk] "), err);
      String metrics = "metrics to otlp http/protobuf " + receiver.endpoint() + "/v1/metrics";
      assertEquals(1, err.lines().filter(l -> l.startsWith("[inferscope] WARN cannot export " + metrics)).count(), err);
      assertTrue(err.lines().anyMatch(l -> l.startsWith("[inferscope] DEBUG metrics export to otlp http/protobuf " + receiver.endpoint()
          + "/v1/metrics failed again")), err);
    }
  }
}
