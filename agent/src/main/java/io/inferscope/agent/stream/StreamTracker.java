package io.inferscope.agent.stream;

import io.inferscope.agent.logging.HookErrors;
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

  private final Listener listener;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final long startNanos;
  private volatile long lastActivityNanos;
  private volatile boolean readerWaiting;
  // Written by the reading thread only; read once the stream has ended.
  private volatile long firstChunkNanos;
  private volatile long chunks;

  public StreamTracker(Listener listener) {
    this.listener = listener;
    this.startNanos = System.nanoTime();
    this.lastActivityNanos = startNanos;
  }

  /** The reader asked for more: the stream is alive even if the producer is slow. */
  public void touch() {
    lastActivityNanos = System.nanoTime();
  }

  /**
   * Whether the reader is blocked waiting for the producer (a read in progress, demand outstanding).
   * A stream with a waiting reader is slow, not abandoned, however long the wait.
   */
  public void readerWaiting(boolean waiting) {
    readerWaiting = waiting;
    lastActivityNanos = System.nanoTime();
  }

  /** One chunk reached the reader. */
  public void chunk() {
    long now = System.nanoTime();
    lastActivityNanos = now;
    if (chunks++ == 0) {
      firstChunkNanos = now;
    }
  }

  public long chunks() {
    return chunks;
  }

  /** Seconds from the start to the first chunk, or -1 when none arrived. */
  public double timeToFirstChunkSeconds() {
    return chunks == 0 ? -1 : (firstChunkNanos - startNanos) / 1e9;
  }

  /** How long nobody has touched the stream; 0 while the reader waits for the producer. */
  long idleNanos(long now) {
    return readerWaiting ? 0 : now - lastActivityNanos;
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
