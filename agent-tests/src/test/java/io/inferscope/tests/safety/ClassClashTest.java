package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application bundling its own OpenTelemetry API and SDK 1.40, Byte Buddy 1.14 and SLF4J 2.0.9 with
 * Logback (the agent has 1.63, 1.18 and 2.0.17) runs unchanged, and the agent still exports its spans.
 */
class ClassClashTest {
  @TempDir Path dir;

  static Path[] clashLibraries() throws IOException {
    Path libs = Path.of(System.getProperty("inferscope.clash.libs", "target/clash-libs"));
    try (Stream<Path> jars = Files.list(libs)) {
      List<Path> list = jars.filter(p -> p.toString().endsWith(".jar")).toList();
      assertTrue(list.size() >= 6, "clash libraries missing from " + libs + ": " + list);
      return list.toArray(Path[]::new);
    }
  }

  @Test
  void applicationKeepsItsOwnOpenTelemetryByteBuddyAndLogging() throws IOException {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm app =
          AgentApps.exportingTo(ForkedJvm.java17().withAgent(), receiver, AgentApps.HTTP)
              .classpathFromTest("onnxruntime")
              .classpath(clashLibraries())
              .mainClass("io.inferscope.tests.apps.ClashApp")
              .args(model.toString());
      ForkedJvm.Result result = app.run().assertSuccess();
      String out = result.stdout();
      assertTrue(out.contains("app-spans=[app-work]"), "the app's own SDK exported its own span: " + out);
      assertTrue(out.contains("app-otel-sdk=1.40.0"), out);
      assertTrue(out.contains("app-bytebuddy=byte-buddy-1.14.0.jar generated clash.Generated"), out);
      assertTrue(out.contains("app-slf4j-factory=ch.qos.logback.classic.LoggerContext"), out);
      assertTrue(out.matches("(?s).*\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[main\\] INFO +io\\.inferscope\\.tests\\.apps\\.ClashApp -- inference done, 1 output\\(s\\).*"),
          "Logback formats the app's log line with its own pattern: " + out);

      assertEquals(1, receiver.spans().stream().filter(s -> s.name().equals("predict matmul_relu")).count(),
          () -> "agent spans: " + receiver.spans());
      assertTrue(receiver.spans().stream().noneMatch(s -> s.name().equals("app-work")),
          "the app's span goes to the app's exporter only");
    }
  }
}
