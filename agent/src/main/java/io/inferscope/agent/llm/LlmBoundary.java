package io.inferscope.agent.llm;

import io.inferscope.agent.stream.StreamOutcome;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * One logical LLM call as a client SDK sees it (openai-java {@code create}, LangChain4j
 * {@code chat}): its retries and the HTTP attempts under it are one GenAI span. The boundary is
 * current in the context while the SDK method runs; the first HTTP exchange that finds it there
 * starts the span (it knows the endpoint and the request), later attempts report to the same span.
 * The SDK method's return ends the call, or, for a stream, hands the end over to the last attempt's
 * response.
 */
public final class LlmBoundary {
  static final ContextKey<LlmBoundary> KEY = ContextKey.named("inferscope-llm-boundary");

  private final Context context;
  private final long startEpochNanos;
  private final long startNanos;
  private Scope scope;
  private LlmCall call;
  private LlmHttpExchange lastAttempt;
  private boolean handedOver;

  private LlmBoundary(Context parent) {
    this.context = parent.with(KEY, this);
    java.time.Instant now = java.time.Instant.now();
    this.startEpochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    this.startNanos = System.nanoTime();
  }

  /**
   * Enters an SDK call on this thread; null when already inside one (an SDK method calling another:
   * the outer one is the logical call). A call that already ended does not count: an SDK that sends
   * its next request from the continuation of the previous one's future (google-genai's async
   * automatic function calling) makes a new call there, a child of the ended one's span.
   */
  public static LlmBoundary enter() {
    Context current = Context.current();
    if (current(current) != null) {
      return null;
    }
    LlmBoundary boundary = new LlmBoundary(current);
    boundary.scope = boundary.context.makeCurrent();
    return boundary;
  }

  /** The boundary the current context is inside of, or null. */
  static LlmBoundary current(Context context) {
    LlmBoundary boundary = context.get(KEY);
    return boundary == null || boundary.isClosed() ? null : boundary;
  }

  Context context() {
    return context;
  }

  /** The call's context once an attempt started it (its span current), else {@code fallback}. */
  public synchronized Context callContextOr(Context fallback) {
    return call == null ? fallback : call.context();
  }

  /** The boundary of the SDK call being made on this thread, or null. */
  public static LlmBoundary onThisThread() {
    return current(Context.current());
  }

  long startEpochNanos() {
    return startEpochNanos;
  }

  long startNanos() {
    return startNanos;
  }

  private synchronized boolean isClosed() {
    return call != null && call.tracker().isEnded();
  }

  /** The call of this boundary, started by its first attempt with {@code starter}. */
  synchronized LlmCall attempt(LlmHttpExchange attempt, java.util.function.Supplier<LlmCall> starter) {
    if (call == null) {
      call = starter.get();
    }
    lastAttempt = attempt;
    return call;
  }

  /** Whether the call's last attempt is still open (its response not yet ended). */
  synchronized boolean attemptOpen() {
    return lastAttempt != null && lastAttempt.open();
  }

  /** Whether an attempt's end is the call's end: only once the SDK method returned a stream. */
  synchronized boolean attemptEndsCall(LlmHttpExchange attempt) {
    return handedOver && attempt == lastAttempt;
  }

  /** The SDK method returned a value or threw, on the thread that entered. */
  public void exit(Throwable error) {
    closeScope();
    finish(error == null ? StreamOutcome.COMPLETED : StreamOutcome.ERROR, error);
  }

  /** The SDK method returned a stream: its last attempt's response decides when the call ends. */
  public void exitWithStream() {
    closeScope();
    handOver();
  }

  private void handOver() {
    LlmHttpExchange attempt;
    synchronized (this) {
      handedOver = true;
      attempt = lastAttempt;
    }
    if (attempt != null) {
      attempt.endCallIfDone();
    }
  }

  /**
   * The SDK method returned a lazy publisher (a Reactor {@code Flux}): its attempts are sent when it is
   * subscribed, after the method returned and often on another thread. The call ends with the
   * publisher's completion, failure or cancellation, or with its last attempt's end, whichever comes
   * first. Returns what the publisher's operators need for that ({@link PublisherCall}).
   */
  public Object exitWithPublisher() {
    exitWithStream();
    return new PublisherCall(this);
  }

  /** Ends the call, if an attempt started it and it has not ended yet; never throws. */
  void finish(StreamOutcome outcome, Throwable error) {
    LlmCall ended;
    synchronized (this) {
      ended = call;
    }
    if (ended != null) {
      ended.finish(outcome, error);
    }
  }

  /**
   * The SDK method returned a future: the call ends when it completes. Returns a stand-in that
   * completes like it, with the call's context current: the application's continuations then join
   * the call's trace on whichever thread the SDK completes its future (an executor of its own, the
   * HTTP client's, or the caller's own when it was already done). Cancelling the stand-in cancels
   * the SDK's future.
   */
  public java.util.concurrent.CompletableFuture<Object> exitWithFuture(java.util.concurrent.CompletableFuture<?> future) {
    return exitWithFuture(future, false);
  }

  /**
   * The SDK method returned a future of a stream (google-genai's async {@code generateContentStream}):
   * as {@link #exitWithFuture}, but the future's value hands the call's end over to the stream, as
   * {@link #exitWithStream} does; only a failed future ends the call.
   */
  public java.util.concurrent.CompletableFuture<Object> exitWithStreamFuture(java.util.concurrent.CompletableFuture<?> future) {
    return exitWithFuture(future, true);
  }

  private java.util.concurrent.CompletableFuture<Object> exitWithFuture(java.util.concurrent.CompletableFuture<?> future, boolean stream) {
    closeScope();
    java.util.concurrent.CompletableFuture<Object> inContext = new java.util.concurrent.CompletableFuture<>();
    future.whenComplete((value, failure) -> {
      if (stream && failure == null) {
        handOver();
      } else {
        LlmHttpExchange attempt;
        boolean streamDecides;
        synchronized (this) {
          attempt = lastAttempt;
          // A future of a streamed call (the AWS SDK's converseStream) completes once the application's
          // handler is done or has cancelled, maybe before the stream's last bytes: the stream's own end
          // (completed, cancelled, failed) is the call's.
          streamDecides = failure == null && attempt != null && attempt.streamed();
          handedOver |= streamDecides;
        }
        if (streamDecides) {
          attempt.endCallIfDone();
        } else {
          finish(failure == null ? StreamOutcome.COMPLETED : StreamOutcome.ERROR, Failures.unwrap(failure));
        }
      }
      // An SDK that sends from another thread (openai-java's async client) never reported an attempt
      // here: its exchange's own context is then the one current where the future completes.
      try (Scope ignored = callContextOr(Context.current()).makeCurrent()) {
        if (failure != null) {
          inContext.completeExceptionally(failure);
        } else {
          inContext.complete(value);
        }
      }
    });
    inContext.whenComplete((value, failure) -> {
      if (inContext.isCancelled()) {
        future.cancel(true);
      }
    });
    return inContext;
  }

  private void closeScope() {
    if (scope != null) {
      scope.close();
      scope = null;
    }
  }
}
