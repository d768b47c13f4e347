package io.inferscope.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A running child process of a test (a forked JVM, a back end such as Prometheus) whose output is
 * captured for failure messages. Closing it kills it (and its children) if it is still alive, so a
 * try-with-resources block never leaves a process behind.
 */
public final class ChildProcess implements AutoCloseable {
  /** Enough of a stream's end to show a stack trace, short enough to keep a failure readable. */
  private static final int TAIL_CHARS = 4000;
  private static final Duration POLL = Duration.ofMillis(20);
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);

  private final String what;
  private final Process process;
  private final List<String> command;
  private final OutputCapture stdout;
  private final OutputCapture stderr;
  private final long startNanos = System.nanoTime();

  private ChildProcess(String what, Process process, List<String> command) {
    this.what = what;
    this.process = process;
    this.command = command;
    this.stdout = new OutputCapture(process.getInputStream(), what + "-stdout-" + process.pid());
    this.stderr = new OutputCapture(process.getErrorStream(), what + "-stderr-" + process.pid());
  }

  /** Starts {@code builder}'s command; {@code what} names the process in failure messages. */
  public static ChildProcess start(String what, ProcessBuilder builder) {
    List<String> command = List.copyOf(builder.command());
    try {
      return new ChildProcess(what, builder.start(), command);
    } catch (IOException e) {
      throw new UncheckedIOException("could not start " + what + ": " + command, e);
    }
  }

  /** Waits until stdout or stderr contains {@code text}; fails if the child exits or time runs out first. */
  public ChildProcess waitForOutput(String text, Duration timeout) {
    return waitUntil("it printed '" + text + "'", timeout, () -> stdout.contains(text) || stderr.contains(text));
  }

  /**
   * Waits until {@code check} holds (e.g. the child's server answers); fails if the child exits or
   * {@code timeout} runs out first. {@code awaited} says what is awaited, for the failure message.
   */
  public ChildProcess waitUntil(String awaited, Duration timeout, BooleanSupplier check) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      // Look before checking: once the child and its streams ended, a miss is final.
      boolean ended = !process.isAlive() && stdout.finished() && stderr.finished();
      if (check.getAsBoolean()) {
        return this;
      }
      if (ended) {
        throw failure("exited with " + process.exitValue() + " while waiting until " + awaited);
      }
      if (System.nanoTime() > deadline) {
        throw failure("waited " + timeout.toSeconds() + " s in vain until " + awaited);
      }
      sleep(POLL);
    }
  }

  /**
   * Waits until the child's server answers 200 at {@code url}: for a back end the test started. If it
   * never does (or the child exits), kills the child and fails with its output.
   */
  public ChildProcess awaitHttpOk(String url, Duration timeout) {
    try {
      return waitUntil(url + " answered", timeout, () -> LocalHttp.answers(url));
    } catch (RuntimeException | AssertionError e) {
      close();
      throw e;
    }
  }

  /**
   * Asks the child to exit (SIGTERM, so shutdown hooks such as the agent's final export run),
   * kills it after a grace period, and returns what it printed.
   */
  public ForkedJvm.Result stop() {
    process.destroy();
    return awaitExit(GRACE);
  }

  /** Waits for the child to exit by itself; kills it and fails if it outlives {@code timeout}. */
  public ForkedJvm.Result awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroyTree();
        throw failure("still running after " + timeout.toSeconds() + " s; killed it");
      }
      stdout.awaitEnd(OUTPUT_DRAIN);
      stderr.awaitEnd(OUTPUT_DRAIN);
    } catch (InterruptedException e) {
      destroyTree();
      Thread.currentThread().interrupt();
      throw failure("interrupted while waiting; killed it");
    }
    long durationMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    return new ForkedJvm.Result(process.exitValue(), stdout.text(), stderr.text(), durationMillis);
  }

  /** What the child printed so far, both streams' ends: for messages about what it was doing. */
  public String outputTails() {
    return tails(stdout.text(), stderr.text());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      destroyTree();
    }
  }

  /** Children first: once the process is gone its children are re-parented and no longer found. */
  private void destroyTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private AssertionError failure(String happened) {
    return new AssertionError(what + " " + happened + "\ncommand: " + String.join(" ", command)
        + "\n" + outputTails());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a child process", e);
    }
  }

  static String tails(String stdout, String stderr) {
    return "--- stdout (tail) ---\n" + tail(stdout) + "\n--- stderr (tail) ---\n" + tail(stderr);
  }

  private static String tail(String text) {
    return text.length() <= TAIL_CHARS ? text : "..." + text.substring(text.length() - TAIL_CHARS);
  }
}
