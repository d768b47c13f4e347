package io.inferscope.agent.stream;

import io.inferscope.agent.logging.HookErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the spans of streams the application dropped without reading to the end or closing them: an
 * open span would otherwise never be exported and its memory never freed. One daemon thread, started
 * with the first watched stream, checks the open streams a few times per idle timeout. The set of
 * watched streams is capped; past the cap a stream still ends normally, it is only not checked for
 * abandonment.
 */
public final class StreamWatchdog {
  public static final String IDLE_TIMEOUT_MS = "inferscope.stream.idle.timeout.ms";
  public static final int DEFAULT_IDLE_TIMEOUT_MS = 300_000;
  public static final String MAX_OPEN = "inferscope.stream.max.open";
  public static final int DEFAULT_MAX_OPEN = 10_000;

  private static final Logger log = LoggerFactory.getLogger(StreamWatchdog.class);
  private static final Set<StreamTracker> open = ConcurrentHashMap.newKeySet();
  private static final AtomicBoolean overflowReported = new AtomicBoolean();
  private static volatile long idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(DEFAULT_IDLE_TIMEOUT_MS);
  private static volatile int maxOpen = DEFAULT_MAX_OPEN;
  private static volatile ScheduledExecutorService scanner;

  private StreamWatchdog() {}

  public static void configure(long idleTimeoutMillis, int maxOpenStreams) {
    idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMillis);
    maxOpen = maxOpenStreams;
  }

  public static long idleTimeoutMillis() {
    return TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos);
  }

  /**
   * Starts watching a stream whose call has returned; a stream that already ended is ignored. Its
   * idle clock starts now: however long the server took to answer (or the call to return), the
   * body has not been idle yet.
   */
  public static void watch(StreamTracker stream) {
    stream.touch();
    if (open.size() >= maxOpen) {
      if (overflowReported.compareAndSet(false, true)) {
        log.warn(
            "more than {} streamed responses are open at once ({}); the excess is not checked for abandonment",
            maxOpen, MAX_OPEN);
      }
      return;
    }
    open.add(stream);
    if (stream.isEnded()) {
      open.remove(stream); // ended while being added: finish() may have run its forget() first
      return;
    }
    ensureScanner();
  }

  static void forget(StreamTracker stream) {
    open.remove(stream);
  }

  /** At JVM exit: streams still open end as abandoned so their spans are exported with the rest. */
  public static void endAll() {
    for (StreamTracker stream : List.copyOf(open)) {
      end(stream);
    }
  }

  private static void ensureScanner() {
    if (scanner != null) {
      return;
    }
    synchronized (StreamWatchdog.class) {
      if (scanner == null) {
        ScheduledThreadPoolExecutor executor =
            new ScheduledThreadPoolExecutor(
                1,
                task -> {
                  Thread thread = new Thread(task, "inferscope-stream-watchdog");
                  thread.setDaemon(true);
                  return thread;
                });
        // A few checks per timeout bound the lateness to a quarter of it; at most one per second
        // costs nothing measurable, at least one per 10 ms keeps short test timeouts precise.
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(idleTimeoutNanos / 4, TimeUnit.SECONDS.toNanos(1)));
        executor.scheduleWithFixedDelay(StreamWatchdog::scan, period, period, TimeUnit.NANOSECONDS);
        scanner = executor;
      }
    }
  }

  // A scheduled task that throws is never run again: contain everything.
  private static void scan() {
    try {
      long now = System.nanoTime();
      long timeout = idleTimeoutNanos;
      List<StreamTracker> idle = new ArrayList<>();
      for (StreamTracker stream : open) {
        if (stream.idleNanos(now) >= timeout) {
          idle.add(stream);
        }
      }
      idle.forEach(StreamWatchdog::end);
    } catch (Throwable t) {
      HookErrors.report("stream watchdog", t);
    }
  }

  private static void end(StreamTracker stream) {
    stream.finish(StreamOutcome.ABANDONED, null);
  }
}
