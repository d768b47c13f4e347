package io.inferscope.agent.drift;

import io.inferscope.agent.config.AgentConfig;
import io.inferscope.agent.logging.HookErrors;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running process's drift windows on disk ({@code inferscope.drift.snapshot.file}), every
 * {@code inferscope.drift.snapshot.interval.s} seconds on one daemon thread and once at JVM exit, so a
 * window seen in production can be kept as a reference ({@code drift save --snapshot}).
 *
 * <p>A snapshot is two {@link ReferenceFile}s rather than a format of its own: {@code FILE} holds every
 * summary's reference window, {@link #currentFile(Path) FILE's ".current" sibling} its current window. Either
 * can then be pinned with {@code inferscope.drift.reference.file} or given to {@code drift compare} as it is
 * ({@code drift compare drift.txt drift.current.txt} is the live PSI, offline).
 *
 * <p>Each file is written to a temporary file beside it and moved over it, so a reader sees the old or the
 * new file, never half of one. The two files are not one transaction: each comment line names the moment and
 * process it was taken from. Nothing is written while no summary has any window yet, so a restarted process
 * does not wipe the previous run's snapshot before it has one of its own. A failure is logged once and never
 * reaches the application.
 */
public final class SnapshotWriter {
  public static final int DEFAULT_INTERVAL_SECONDS = 60;
  private static final String THREAD_NAME = "inferscope-drift-snapshot";
  private static final Logger log = LoggerFactory.getLogger(SnapshotWriter.class);

  private final Path referenceFile;
  private final Path currentFile;
  private final Supplier<Collection<DriftSummary>> summaries;
  private boolean failed;
  private ScheduledThreadPoolExecutor timer;

  SnapshotWriter(Path file, Supplier<Collection<DriftSummary>> summaries) {
    this.referenceFile = file;
    this.currentFile = currentFile(file);
    this.summaries = summaries;
  }

  /**
   * Starts the periodic writes when {@code inferscope.drift.snapshot.file} is set; null when it is not (or
   * is not a usable path, said once).
   */
  static SnapshotWriter start(AgentConfig config, DriftMetrics metrics) {
    String file = config.raw(DriftMonitor.SNAPSHOT_FILE);
    if (file == null) {
      return null;
    }
    int seconds = config.getInt(DriftMonitor.SNAPSHOT_INTERVAL, DEFAULT_INTERVAL_SECONDS, 1, 86_400);
    SnapshotWriter writer;
    try {
      writer = new SnapshotWriter(Path.of(file), metrics::summaries);
    } catch (InvalidPathException | NullPointerException e) { // NullPointerException: a root ("/") has no file name
      log.warn("drift snapshots not written: {} '{}' is not a usable path ({})", DriftMonitor.SNAPSHOT_FILE, file, e.getMessage());
      return null;
    }
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, THREAD_NAME);
      thread.setDaemon(true); // never keeps the application's JVM alive
      return thread;
    });
    timer.scheduleWithFixedDelay(writer::write, seconds, seconds, TimeUnit.SECONDS);
    writer.timer = timer;
    log.info("drift windows saved every {} s and at exit: reference windows to {}, current windows to {}",
        seconds, writer.referenceFile, writer.currentFile);
    return writer;
  }

  /** Where the current windows of snapshot {@code file} go: {@code drift.txt} → {@code drift.current.txt}. */
  public static Path currentFile(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String current = dot > 0 ? name.substring(0, dot) + ".current" + name.substring(dot) : name + ".current";
    return file.resolveSibling(current);
  }

  /**
   * Writes both windows of every summary now. Never throws: a scheduled task that throws is never run
   * again, and at exit nothing may disturb the shutdown.
   *
   * @return whether the files were written (false: nothing to write yet, or a failure)
   */
  public synchronized boolean write() {
    try {
      List<ReferenceSummary> reference = new ArrayList<>();
      List<ReferenceSummary> current = new ArrayList<>();
      collect(summaries.get(), reference, current);
      if (reference.isEmpty() && current.isEmpty()) {
        return false;
      }
      String taken = "# written " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by process " + ProcessHandle.current().pid();
      writeAtomically(referenceFile, "# InferScope drift snapshot: the reference windows; current windows in "
          + currentFile.getFileName() + "\n" + taken + "\n", reference);
      writeAtomically(currentFile, "# InferScope drift snapshot: the current windows; reference windows in "
          + referenceFile.getFileName() + "\n" + taken + "\n", current);
      if (failed) {
        failed = false;
        log.info("drift snapshot {} written again", referenceFile);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      if (!failed) {
        failed = true;
        log.warn("drift snapshot {} not written ({}); the windows are kept in memory and writing is retried every interval "
            + "(said once until a write succeeds)", referenceFile, e.toString());
      }
      return false;
    } catch (Throwable t) {
      HookErrors.report("drift snapshot", t);
      return false;
    }
  }

  /**
   * Each window of each summary, once per key: two frameworks watching one model name (ONNX Runtime and DJL)
   * give two summaries with one key, which a reference file cannot hold; the one that has seen more
   * observations is kept.
   */
  static void collect(Collection<DriftSummary> all, List<ReferenceSummary> reference, List<ReferenceSummary> current) {
    Map<String, Kept> references = new LinkedHashMap<>();
    Map<String, Kept> currents = new LinkedHashMap<>();
    for (DriftSummary summary : all) {
      long seen = summary.observations();
      if (summary instanceof ClassOutputSummary classes) {
        keep(references, classes.referenceSnapshot(), seen);
        keep(currents, classes.currentSnapshot(), seen);
      } else if (summary instanceof ScalarOutputSummary scalar) {
        keep(references, scalar.referenceSnapshot(), seen);
        keep(currents, scalar.currentSnapshot(), seen);
      } else if (summary instanceof TabularInputSummary input) {
        input.referenceSnapshot().forEach(s -> keep(references, s, seen));
        input.currentSnapshot().forEach(s -> keep(currents, s, seen));
      }
    }
    references.values().forEach(k -> reference.add(k.summary()));
    currents.values().forEach(k -> current.add(k.summary()));
  }

  private record Kept(ReferenceSummary summary, long observations) {}

  private static void keep(Map<String, Kept> kept, ReferenceSummary summary, long observations) {
    // A class block needs a bin to be read back; a summary with none has nothing to say anyway.
    if (summary == null || (summary.kind() == ReferenceSummary.Kind.CLASS && summary.labels().isEmpty())) {
      return;
    }
    kept.merge(summary.key(), new Kept(summary, observations), (a, b) -> b.observations() > a.observations() ? b : a);
  }

  /**
   * A temporary file beside the target, then a move over it. The temporary name is fixed per process (writes
   * are serialised) and created with the default permissions, so the snapshot is as readable as any file the
   * application writes.
   */
  static void writeAtomically(Path target, String comment, List<ReferenceSummary> summaries) throws IOException {
    Path temporary = target.resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
    try {
      try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        out.write(comment);
        ReferenceFile.write(out, summaries);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Stops the periodic writes (a test's writer must not outlive its directory). */
  void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  Path referenceFile() {
    return referenceFile;
  }

  Path currentFile() {
    return currentFile;
  }
}
