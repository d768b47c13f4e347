package io.inferscope.agent.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TrackedStreamsTest {
  /** Records every end it is told of; a correct tracker tells exactly one. */
  private static final class Ends implements StreamTracker.Listener {
    final List<StreamOutcome> outcomes = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    final List<Long> chunks = new CopyOnWriteArrayList<>();

    @Override
    public void streamEnded(StreamTracker stream, StreamOutcome outcome, Throwable error) {
      outcomes.add(outcome);
      errors.add(error);
      chunks.add(stream.chunks());
    }
  }

  @Test
  void readingToTheEndCompletesOnceAndChangesNothing() {
    Ends ends = new Ends();
    StreamTracker tracker = new StreamTracker(ends);
    Stream<String> tracked = TrackedStreams.wrap(Stream.of("a", "b", "c"), tracker, Context.root());
    assertEquals("a,b,c", tracked.map(String::valueOf).collect(Collectors.joining(",")));
    tracked.close();
    assertEquals(List.of(StreamOutcome.COMPLETED), ends.outcomes, "a close after the end does not end it again");
    assertEquals(List.of(3L), ends.chunks);
    assertTrue(tracker.timeToFirstChunkSeconds() >= 0);
  }

  @Test
  void anIteratorReadToTheEndCompletes() {
    Ends ends = new Ends();
    Iterator<Integer> it = TrackedStreams.wrap(Stream.of(1, 2), new StreamTracker(ends), Context.root()).iterator();
    List<Integer> read = new ArrayList<>();
    while (it.hasNext()) {
      read.add(it.next());
    }
    assertEquals(List.of(1, 2), read);
    assertEquals(List.of(StreamOutcome.COMPLETED), ends.outcomes);
  }

  @Test
  void closingBeforeTheEndCancelsAndClosesTheSource() {
    Ends ends = new Ends();
    boolean[] sourceClosed = {false};
    Stream<Integer> source = Stream.of(1, 2, 3).onClose(() -> sourceClosed[0] = true);
    Stream<Integer> tracked = TrackedStreams.wrap(source, new StreamTracker(ends), Context.root());
    assertEquals(1, tracked.iterator().next());
    tracked.close();
    assertTrue(sourceClosed[0], "the application's own close handlers still run");
    assertEquals(List.of(StreamOutcome.CANCELLED), ends.outcomes);
    assertEquals(List.of(1L), ends.chunks);
  }

  @Test
  void aProducerFailureReachesTheReaderAsTheSameException() {
    Ends ends = new Ends();
    IllegalStateException failure = new IllegalStateException("boom");
    Stream<Integer> source = Stream.of(1, 2, 3).map(i -> {
      if (i == 2) {
        throw failure;
      }
      return i;
    });
    Stream<Integer> tracked = TrackedStreams.wrap(source, new StreamTracker(ends), Context.root());
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> tracked.forEach(i -> {}));
    assertSame(failure, thrown);
    assertEquals(List.of(StreamOutcome.ERROR), ends.outcomes);
    assertSame(failure, ends.errors.get(0));
  }

  @Test
  void elementsAreProducedInTheCallsContext() {
    ContextKey<String> key = ContextKey.named("call");
    Context call = Context.root().with(key, "stream-call");
    List<String> seen = new ArrayList<>();
    Stream<Integer> source = Stream.of(1, 2).peek(i -> seen.add(Context.current().get(key)));
    TrackedStreams.wrap(source, new StreamTracker(new Ends()), call).forEach(i -> {});
    assertEquals(List.of("stream-call", "stream-call"), seen);
    assertNull(Context.current().get(key), "the reader's own context is restored");
  }

  @Test
  void aListenerThatThrowsNeverReachesTheReader() {
    StreamTracker tracker = new StreamTracker((stream, outcome, error) -> {
      throw new IllegalStateException("agent bug");
    });
    assertEquals(List.of(1, 2), TrackedStreams.wrap(Stream.of(1, 2), tracker, Context.root()).toList());
    assertTrue(tracker.isEnded());
  }

  @Test
  void concurrentEndsEndOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 200; round++) {
        Ends ends = new Ends();
        StreamTracker tracker = new StreamTracker(ends);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (StreamOutcome outcome : StreamOutcome.values()) {
          futures.add(pool.submit(() -> {
            go.await();
            return tracker.finish(outcome, null);
          }));
        }
        go.countDown();
        for (Future<?> future : futures) {
          future.get(10, TimeUnit.SECONDS);
        }
        assertEquals(1, ends.outcomes.size(), () -> "ends told: " + ends.outcomes);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
