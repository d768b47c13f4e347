package io.inferscope.tests.otelagent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.TempFilesApp;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The copy of InferScope's bootstrap package that the agent puts on the bootstrap path is gone from the
 * temporary directory while the application runs, alone and as the OpenTelemetry Java agent's extension:
 * a JVM killed without a shutdown leaves nothing behind, and its bridge classes still load from the
 * opened jar.
 */
class BootstrapCopyTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"alone", "extension"})
  void theCopyIsRemovedOnceTheJvmHasOpenedIt(String mode) throws IOException {
    ForkedJvm jvm = mode.equals("alone") ? ForkedJvm.java17().withAgent()
        : ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent());
    ForkedJvm.Result result = jvm.classpathFromTest().mainClass(TempFilesApp.class.getName())
        .sysProp("java.io.tmpdir", tmp.toString())
        .env("OTEL_TRACES_EXPORTER", "none").env("OTEL_METRICS_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none")
        .run().assertSuccess();

    assertTrue(result.stdout().contains("bridge.loaded=io.inferscope.bootstrap.InferenceScope"), result.stdout());
    assertTrue(result.stdout().contains("bootstrap.copies=0"), () -> result.stdout() + result.stderr());
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("inferscope-bootstrap-")).count());
    }
  }
}
