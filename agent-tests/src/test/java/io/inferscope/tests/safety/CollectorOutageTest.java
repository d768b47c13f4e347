package io.inferscope.tests.safety;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the collector absent, failing or hanging, the application runs to completion in bounded memory,
 * and the agent says so once instead of printing a stack trace per export.
 */
class CollectorOutageTest {
  /** The SDK's defaults the README quotes: OTEL_BSP_MAX_QUEUE_SIZE, and the batch size the queue is drained in. */
  private static final int DEFAULT_QUEUE = 2048;
  private static final int DEFAULT_BATCH = 512;

  @TempDir Path dir;

  static long lines(String text, String fragment) {
    return text.lines().filter(l -> l.contains(fragment)).count();
  }

  /**
   * The exporter retries a refused connection with backoff for about 8 s before it gives up: the
   * application lives longer than that, as a server does, so the outage is reported while it runs
   * (the exit itself waits at most the shutdown timeout, see below).
   */
  @Test
  void absentCollectorIsReportedOnceAndTheAppCarriesOn() {
    Path model = OnnxModels.matmulRelu(dir);
    ForkedJvm.Result result =
        ForkedJvm.java17().withAgent().classpathFromTest("onnxruntime")
            .mainClass("io.inferscope.tests.apps.OrtApp")
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + FreePort.pick())
            .env("OTEL_BSP_SCHEDULE_DELAY", "100")
            .env("OTEL_METRIC_EXPORT_INTERVAL", "300")
            .args("loop-and-wait", model.toString(), "3000", "12")
            .run()
            .assertSuccess();
    assertTrue(result.stdout().contains("runs=3000"), result.stdout());
    String err = result.stderr();
    assertEquals(1, lines(err, "cannot export traces to otlp http/protobuf http://127.0.0.1:"), err);
    assertEquals(1, lines(err, "cannot export metrics to otlp http/protobuf http://127.0.0.1:"), err);
    assertFalse(err.contains("\tat "), "no stack traces: " + err);
    assertFalse(err.contains("SEVERE"), "no java.util.logging output from the SDK: " + err);
  }

  @Test
  void failingCollectorIsReportedOnceThenRecoveryIsReported() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      receiver.failWith(503);
      ChildProcess app =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .env("OTEL_BSP_SCHEDULE_DELAY", "50")
              .env("OTEL_EXPORTER_OTLP_TIMEOUT", "1000")
              .args("loop", model.toString(), "400000")
              .start();
      app.waitForOutput("cannot export traces", Duration.ofSeconds(60));
      receiver.recover();
      ForkedJvm.Result result = app.awaitExit(Duration.ofSeconds(120));
      assertEquals(0, result.exitCode(), result.stderr());
      String err = result.stderr();
      assertEquals(1, lines(err, "cannot export traces"), err);
      assertEquals(1, lines(err, "traces export to otlp http/protobuf " + receiver.endpoint() + "/v1/traces recovered"), err);
      assertFalse(err.contains("\tat "), err);
      assertFalse(receiver.spans().isEmpty(), "spans flow again after recovery");
    }
  }

  /**
   * 60 000 inferences against a collector that holds every request: the application runs through in a
   * heap far too small to buffer their spans. Once the collector answers, what arrives is bounded by the
   * default queue (OTEL_BSP_MAX_QUEUE_SIZE, 2048 spans) plus the one batch (at most 512) that was being
   * exported when it stopped answering: the rest was dropped, not buffered. Timeouts are raised so that
   * the held export is not given up and retried meanwhile (a retry would deliver its batch twice).
   */
  @Test
  void hangingCollectorNeitherBlocksTheAppNorGrowsItsMemory() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      receiver.hang(true);
      ChildProcess app =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .jvmArg("-Xmx48m")
              .env("OTEL_EXPORTER_OTLP_TIMEOUT", "300000")
              .env("OTEL_BSP_EXPORT_TIMEOUT", "300000")
              .sysProp("inferscope.shutdown.timeout.ms", "1000")
              .args("loop-and-wait", model.toString(), "60000", "300")
              .start();
      app.waitForOutput("waiting", Duration.ofSeconds(180));
      receiver.hang(false);
      receiver.awaitSpans(DEFAULT_QUEUE, Duration.ofSeconds(60));
      ForkedJvm.Result result = app.stop();
      assertTrue(result.stdout().contains("runs=60000"), result.stdout());
      assertFalse(result.stderr().contains("OutOfMemoryError"), result.stderr());
      assertFalse(result.stderr().contains("\tat "), result.stderr());
      int arrived = receiver.spans().size();
      assertTrue(arrived >= DEFAULT_QUEUE && arrived <= DEFAULT_QUEUE + DEFAULT_BATCH,
          () -> arrived + " of 60 001 spans arrived; the default queue holds " + DEFAULT_QUEUE + ", one batch " + DEFAULT_BATCH);
    }
  }

  /**
   * The README promises that JVM exit waits at most inferscope.shutdown.timeout.ms for the final
   * flush. With a collector that accepts and never answers, the SDK's own shutdown blocks for 5 s in
   * its metric reader alone; here exit must come within 1 s of flush time (plus the JVM's teardown).
   */
  @Test
  void exitWaitsNoLongerThanTheShutdownTimeoutForAHangingCollector() {
    Path model = OnnxModels.matmulRelu(dir);
    try (OtlpReceiver receiver = OtlpReceiver.http()) {
      receiver.hang(true);
      ChildProcess app =
          AgentApps.ortApp(ForkedJvm.java17(), receiver, AgentApps.HTTP)
              .env("OTEL_EXPORTER_OTLP_TIMEOUT", "30000")
              .sysProp("inferscope.shutdown.timeout.ms", "1000")
              .args("overloads", model.toString())
              .start();
      app.waitForOutput("calls=4", Duration.ofSeconds(60)); // the application's main is done
      long start = System.nanoTime();
      ForkedJvm.Result result = app.awaitExit(Duration.ofSeconds(60));
      long exitMillis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(0, result.exitCode(), result.stderr());
      assertTrue(exitMillis < 4_000, () -> "exit took " + exitMillis + " ms after the application finished\n" + result.stderr());
    }
  }
}
