package io.inferscope.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.agent.logging.CapturedStderr;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamWatchdogTest {
  private final List<StreamOutcome> outcomes = new CopyOnWriteArrayList<>();

  @AfterEach
  void restoreDefaults() {
    StreamWatchdog.endAll();
    StreamWatchdog.configure(StreamWatchdog.DEFAULT_IDLE_TIMEOUT_MS, StreamWatchdog.DEFAULT_MAX_OPEN);
  }

  private StreamTracker tracker() {
    return new StreamTracker((stream, outcome, error) -> outcomes.add(outcome));
  }

  private static void awaitEnded(StreamTracker tracker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!tracker.isEnded() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void anIdleStreamEndsAsAbandoned() throws InterruptedException {
    StreamWatchdog.configure(50, 100);
    StreamTracker idle = tracker();
    StreamWatchdog.watch(idle);
    awaitEnded(idle);
    assertEquals(List.of(StreamOutcome.ABANDONED), outcomes);
  }

  @Test
  void aStreamThatEndsNormallyIsForgotten() {
    StreamWatchdog.configure(60_000, 100);
    StreamTracker stream = tracker();
    StreamWatchdog.watch(stream);
    stream.finish(StreamOutcome.COMPLETED, null);
    StreamWatchdog.endAll();
    assertEquals(List.of(StreamOutcome.COMPLETED), outcomes, "endAll finds nothing left open");
  }

  @Test
  void endAllEndsWhatIsStillOpen() {
    StreamWatchdog.configure(60_000, 100);
    StreamTracker open = tracker();
    StreamWatchdog.watch(open);
    StreamWatchdog.endAll();
    assertEquals(List.of(StreamOutcome.ABANDONED), outcomes);
  }

  /** Past inferscope.stream.max.open: not watched, still ended normally, and said once (README). */
  @Test
  void pastTheCapStreamsAreNotWatchedButStillEndNormally() {
    StreamWatchdog.configure(60_000, 2);
    List<StreamTracker> streams = List.of(tracker(), tracker(), tracker(), tracker());
    String err = CapturedStderr.of(() -> streams.forEach(StreamWatchdog::watch));
    assertEquals(1, CapturedStderr.lines(err, "WARN", "more than 2 streamed responses are open at once"), err);
    StreamWatchdog.endAll();
    assertEquals(2, outcomes.size(), "only the watched two are ended at exit");
    StreamTracker unwatched = streams.get(2);
    assertFalse(unwatched.isEnded());
    assertTrue(unwatched.finish(StreamOutcome.COMPLETED, null));
    assertEquals(StreamOutcome.COMPLETED, outcomes.get(2));
  }
}
