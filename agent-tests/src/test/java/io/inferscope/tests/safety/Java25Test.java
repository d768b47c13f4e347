package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The same application on Java 25: same spans, and no JVM warnings caused by the agent. */
class Java25Test {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {AgentApps.HTTP, AgentApps.GRPC})
  void worksOnJava25WithoutWarnings(String protocol) {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = protocol.equals(AgentApps.GRPC) ? OtlpReceiver.grpc() : OtlpReceiver.http()) {
      ForkedJvm.Result result =
          AgentApps.ortApp(ForkedJvm.java25(), receiver, protocol).args("overloads", model.toString()).run().assertSuccess();
      assertTrue(result.stdout().contains("calls=4"), result.stdout());
      assertEquals(4, receiver.spans().stream().filter(s -> s.name().equals("predict matmul_relu")).count(), "" + receiver.spans());
      assertTrue(receiver.spans().get(0).resource().get("process.runtime.version").toString().startsWith("25"));
      String err = result.stderr();
      assertFalse(err.contains("WARNING"), "no JVM warnings (Unsafe, native access, dynamic agent): " + err);
    }
  }
}
