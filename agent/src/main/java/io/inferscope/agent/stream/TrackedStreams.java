package io.inferscope.agent.stream;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Spliterator;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Wraps a lazily produced {@link Stream} so that its tracker sees every element, the end, a failure
 * and an early close, without changing what the reader gets. Elements are produced with the call's
 * context current, so spans the producer starts (an engine's own) join the call's trace whichever
 * thread reads.
 */
public final class TrackedStreams {
  private TrackedStreams() {}

  public static <T> Stream<T> wrap(Stream<T> source, StreamTracker tracker, Context context) {
    Stream<T> wrapped = StreamSupport.stream(new TrackingSpliterator<>(source.spliterator(), tracker, context), false);
    return wrapped.onClose(() -> {
      try {
        tracker.finish(StreamOutcome.CANCELLED, null);
      } finally {
        source.close();
      }
    });
  }

  private static final class TrackingSpliterator<T> implements Spliterator<T> {
    private final Spliterator<T> source;
    private final StreamTracker tracker;
    private final Context context;

    TrackingSpliterator(Spliterator<T> source, StreamTracker tracker, Context context) {
      this.source = source;
      this.tracker = tracker;
      this.context = context;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      boolean advanced = produce(() -> source.tryAdvance(counting(action)));
      if (!advanced) {
        tracker.finish(StreamOutcome.COMPLETED, null);
      }
      return advanced;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      produce(() -> {
        source.forEachRemaining(counting(action));
        return true;
      });
      tracker.finish(StreamOutcome.COMPLETED, null);
    }

    private Consumer<T> counting(Consumer<? super T> action) {
      return element -> {
        tracker.chunk(System.nanoTime());
        action.accept(element);
      };
    }

    /**
     * Runs one step of the producer in the call's context, the reader counted as waiting meanwhile;
     * a failure ends the stream and reaches the reader unchanged.
     */
    private boolean produce(BooleanSupplier step) {
      tracker.readerWaiting(true);
      try (Scope ignored = context.makeCurrent()) {
        return step.getAsBoolean();
      } catch (RuntimeException | Error e) {
        tracker.finish(StreamOutcome.ERROR, e);
        throw e;
      } finally {
        tracker.readerWaiting(false);
      }
    }

    // Never split: the span measures one sequential response.
    @Override
    public Spliterator<T> trySplit() {
      return null;
    }

    @Override
    public long estimateSize() {
      return source.estimateSize();
    }

    @Override
    public int characteristics() {
      return source.characteristics() & ~(Spliterator.SUBSIZED);
    }
  }
}
