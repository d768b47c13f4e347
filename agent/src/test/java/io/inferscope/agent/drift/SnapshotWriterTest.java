package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.config.AgentConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The running windows saved as two reference files, written whole or not at all. */
class SnapshotWriterTest {
  private static final DriftSettings SETTINGS = DriftSettings.defaults().withWindows(10, 10).withEvaluateEvery(1000);
  @TempDir Path dir;
  private final DriftMetrics metrics = new DriftMetrics(OpenTelemetry.noop().getMeter("test"), SETTINGS, null);

  private static AnomalyKey owner(String system, String model) {
    return new AnomalyKey(system, model, "predict", false);
  }

  /** A class output, a scalar output and a 2-feature input, each with a full reference and current window. */
  private void feed() {
    ClassOutputSummary classes = metrics.classOutput(owner("onnxruntime", "resnet"), "probs");
    ScalarOutputSummary scalar = metrics.scalarOutput(owner("onnxruntime", "price"), "value");
    TabularInputSummary input = metrics.tabularInput(owner("onnxruntime", "price"), "x", 2);
    for (int i = 0; i < 20; i++) {
      classes.observeRow(i < 10 || i % 2 == 0 ? new float[] {0.9f, 0.1f} : new float[] {0.1f, 0.9f}, 0, 2);
      scalar.observe(i < 10 ? i : i + 5);
      input.observeRow(new float[] {i, -i}, 0, 2);
    }
  }

  @Test
  void bothWindowsOfEverySummaryReadBackAsReferenceFiles() throws IOException {
    feed();
    SnapshotWriter writer = new SnapshotWriter(dir.resolve("drift.txt"), metrics::summaries);
    assertTrue(writer.write());
    assertEquals(dir.resolve("drift.current.txt"), writer.currentFile());
    List<ReferenceSummary> expectedReference = new ArrayList<>();
    List<ReferenceSummary> expectedCurrent = new ArrayList<>();
    for (DriftSummary s : metrics.summaries()) {
      if (s instanceof ClassOutputSummary c) {
        expectedReference.add(c.referenceSnapshot());
        expectedCurrent.add(c.currentSnapshot());
      } else if (s instanceof ScalarOutputSummary c) {
        expectedReference.add(c.referenceSnapshot());
        expectedCurrent.add(c.currentSnapshot());
      } else if (s instanceof TabularInputSummary c) {
        expectedReference.addAll(c.referenceSnapshot());
        expectedCurrent.addAll(c.currentSnapshot());
      }
    }
    assertEquals(4, expectedReference.size(), "class, scalar and two features");
    assertEquals(expectedReference, ReferenceFile.read(dir.resolve("drift.txt")));
    assertEquals(expectedCurrent, ReferenceFile.read(dir.resolve("drift.current.txt")));
    // The two files of one snapshot compare as the live summary judges itself: the shifted scalar's PSI.
    ReferenceComparison.Difference scalar = ReferenceComparison.compare(ReferenceFile.read(dir.resolve("drift.txt")),
        ReferenceFile.read(dir.resolve("drift.current.txt"))).differences().stream()
        .filter(d -> d.key().equals("scalar price/value")).findFirst().orElseThrow();
    assertTrue(scalar.exactBins());
    assertEquals(metrics.scalarOutput(owner("onnxruntime", "price"), "value").evaluate(), scalar.psi(), 1e-9);
    assertTrue(scalar.psi() > 0.2, "values shifted by 5 drift: " + scalar.psi());
    assertEquals(List.of("drift.current.txt", "drift.txt"), files(), "no temporary file left behind");
  }

  @Test
  void aNewSnapshotReplacesTheOldOneWhole() throws IOException {
    feed();
    SnapshotWriter writer = new SnapshotWriter(dir.resolve("drift.txt"), metrics::summaries);
    assertTrue(writer.write());
    ScalarOutputSummary scalar = metrics.scalarOutput(owner("onnxruntime", "price"), "value");
    for (int i = 0; i < 10; i++) {
      scalar.observe(100);
    }
    assertTrue(writer.write());
    ReferenceSummary current = ReferenceFile.read(dir.resolve("drift.current.txt")).stream()
        .filter(s -> s.key().equals("scalar price/value")).findFirst().orElseThrow();
    assertEquals(scalar.currentSnapshot(), current);
    assertEquals(10, current.counts()[current.counts().length - 2], "all ten in the last range bin");
    assertEquals(List.of("drift.current.txt", "drift.txt"), files());
  }

  /** A restarted process keeps the last run's snapshot until it has a window of its own. */
  @Test
  void nothingIsWrittenBeforeAnySummaryHasAWindow() throws IOException {
    Path previous = dir.resolve("drift.txt");
    Files.writeString(previous, "inferscope-drift-reference,1\nscalar,m,o\nedges,1\ncounts,1,2,0\n");
    metrics.scalarOutput(owner("onnxruntime", "m"), "o").observe(1); // a summary, its reference not complete
    SnapshotWriter writer = new SnapshotWriter(previous, metrics::summaries);
    assertFalse(writer.write());
    assertEquals(1, ReferenceFile.read(previous).size());
    assertEquals(List.of("drift.txt"), files());
  }

  /** A failure returns false, never throws, and leaves no temporary file; a later write succeeds. */
  @Test
  void aFailedWriteNeitherThrowsNorLeavesAPartialFile() throws IOException {
    feed();
    Path blocked = dir.resolve("drift.txt");
    Files.createDirectory(blocked);
    Files.writeString(blocked.resolve("keep"), "a directory in the way: the move over it fails");
    SnapshotWriter writer = new SnapshotWriter(blocked, metrics::summaries);
    assertFalse(writer.write());
    assertTrue(Files.isDirectory(blocked));
    assertEquals(List.of("drift.txt"), files(), "no temporary file left behind");
    assertFalse(new SnapshotWriter(dir.resolve("missing/drift.txt"), metrics::summaries).write());
    Files.delete(blocked.resolve("keep"));
    Files.delete(blocked);
    assertTrue(writer.write(), "writing is retried and recovers");
    assertEquals(4, ReferenceFile.read(blocked).size());
  }

  /**
   * The same model and output watched by two frameworks are two summaries with one key; a reference file
   * holds a key once, so the snapshot keeps the one with more observations and stays readable.
   */
  @Test
  void oneModelWatchedTwiceIsSavedOnce() throws IOException {
    ScalarOutputSummary onnx = metrics.scalarOutput(owner("onnxruntime", "m"), "y");
    ScalarOutputSummary djl = metrics.scalarOutput(owner("djl", "m"), "y");
    for (int i = 0; i < 20; i++) {
      onnx.observe(i);
      djl.observe(i);
      djl.observe(i + 0.5);
    }
    SnapshotWriter writer = new SnapshotWriter(dir.resolve("drift.txt"), metrics::summaries);
    assertTrue(writer.write());
    List<ReferenceSummary> current = ReferenceFile.read(dir.resolve("drift.current.txt"));
    assertEquals(List.of(djl.currentSnapshot()), current);
  }

  @Test
  void theCurrentFileSitsBesideTheSnapshot() {
    assertEquals(Path.of("/var/lib/app/drift.current.txt"), SnapshotWriter.currentFile(Path.of("/var/lib/app/drift.txt")));
    assertEquals(Path.of("drift.current"), SnapshotWriter.currentFile(Path.of("drift")));
    assertEquals(Path.of("a.b/drift.v2.current.ref"), SnapshotWriter.currentFile(Path.of("a.b/drift.v2.ref")));
  }

  @Test
  void startedOnlyWhenTheSettingIsSetAndThenWritesOnItsOwn() throws Exception {
    assertNull(SnapshotWriter.start(AgentConfig.of(Map.of(), Map.of()), metrics));
    feed();
    Path file = dir.resolve("drift.txt");
    SnapshotWriter writer = SnapshotWriter.start(AgentConfig.of(
        Map.of(DriftMonitor.SNAPSHOT_FILE, file.toString(), DriftMonitor.SNAPSHOT_INTERVAL, "1"), Map.of()), metrics);
    assertNotNull(writer);
    try {
      // Waits for the timer's first write; the bound only keeps a broken timer from hanging the build.
      for (int i = 0; i < 600 && !Files.exists(writer.currentFile()); i++) {
        Thread.sleep(100);
      }
      assertEquals(4, ReferenceFile.read(writer.currentFile()).size());
      assertTrue(Thread.getAllStackTraces().keySet().stream()
          .anyMatch(t -> t.getName().equals("inferscope-drift-snapshot") && t.isDaemon()), "one daemon thread");
    } finally {
      writer.stop();
    }
  }

  private List<String> files() throws IOException {
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
