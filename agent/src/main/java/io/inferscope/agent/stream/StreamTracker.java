package io.inferscope.agent.stream;

import io.inferscope.agent.logging.HookErrors;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The life of one streamed response whose span outlives the call that started it. The reader, a
 * closer on another thread and the {@link StreamWatchdog} may all try to end it; exactly one wins.
 */
public final class StreamTracker {
  /** Ends the span; called exactly once, on whichever thread ended the stream. */
  public interface Listener {
    void streamEnded(StreamTracker stream, StreamOutcome outcome, Throwable error);
  }

  private static final VarHandle CHUNKS;
  private static final VarHandle LAST_ACTIVITY;
  private static final VarHandle READER_WAITING;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CHUNKS = lookup.findVarHandle(StreamTracker.class, "chunks", long.class);
      LAST_ACTIVITY = lookup.findVarHandle(StreamTracker.class, "lastActivityNanos", long.class);
      READER_WAITING = lookup.findVarHandle(StreamTracker.class, "readerWaiting", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Listener listener;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final long startNanos;
  // Written on every chunk of a stream by the reading thread: release stores, no fence per chunk.
  // The watchdog may see an activity time a moment old, which only delays its judgement.
  private long lastActivityNanos;
  // Set around every read of the body, so release stores as well (a volatile store's fence, twice per
  // read, showed in the reading thread's profile).
  private boolean readerWaiting;
  // Written by the reading thread only (the first chunk's time before the count leaves 0); read once
  // the stream has ended, by acquire.
  private long firstChunkNanos;
  private long chunks;

  public StreamTracker(Listener listener) {
    this.listener = listener;
    this.startNanos = System.nanoTime();
    LAST_ACTIVITY.setRelease(this, startNanos);
  }

  /** The reader asked for more: the stream is alive even if the producer is slow. */
  public void touch() {
    touch(System.nanoTime());
  }

  /** The reader got bytes at {@code now} ({@link System#nanoTime}). */
  public void touch(long now) {
    LAST_ACTIVITY.setRelease(this, now);
  }

  /**
   * Whether the reader is blocked waiting for the producer (a read in progress, demand outstanding).
   * A stream with a waiting reader is slow, not abandoned, however long the wait.
   */
  public void readerWaiting(boolean waiting) {
    if (!waiting) {
      // The time first: a watchdog that sees the reader no longer waiting must not see the time
      // from before the wait, or a long wait for a slow producer would look like idleness.
      LAST_ACTIVITY.setRelease(this, System.nanoTime());
    } // while waiting the stream is not idle, whatever the time says: no clock read needed
    READER_WAITING.setRelease(this, waiting);
  }

  /** One chunk reached the reader at {@code now} ({@link System#nanoTime}). */
  public void chunk(long now) {
    LAST_ACTIVITY.setRelease(this, now);
    long count = chunks;
    if (count == 0) {
      firstChunkNanos = now;
    }
    CHUNKS.setRelease(this, count + 1);
  }

  public long chunks() {
    return (long) CHUNKS.getAcquire(this);
  }

  /** Seconds from the start to the first chunk, or -1 when none arrived. */
  public double timeToFirstChunkSeconds() {
    return chunks() == 0 ? -1 : (firstChunkNanos - startNanos) / 1e9;
  }

  /** How long nobody has touched the stream; 0 while the reader waits for the producer. */
  long idleNanos(long now) {
    return (boolean) READER_WAITING.getAcquire(this) ? 0 : now - (long) LAST_ACTIVITY.getAcquire(this);
  }

  public boolean isEnded() {
    return ended.get();
  }

  /**
   * Ends the stream unless it already ended. Never throws: it runs inside the reader's calls, where
   * only the application's own exception may surface.
   */
  public boolean finish(StreamOutcome outcome, Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return false;
    }
    StreamWatchdog.forget(this);
    try {
      listener.streamEnded(this, outcome, error);
    } catch (Throwable t) {
      HookErrors.report("stream end", t);
    }
    return true;
  }
}
