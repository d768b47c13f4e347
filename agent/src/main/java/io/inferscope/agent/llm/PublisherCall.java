package io.inferscope.agent.llm;

import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.stream.StreamOutcome;
import io.opentelemetry.context.Scope;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A logical call an SDK returned as a lazy publisher (a Reactor {@code Flux}), as the operators the
 * Flux advice adds to it see the call: typed by JDK interfaces only, so that advice woven into the
 * SDK's classes can hand it to Reactor's {@code subscribeOn(Schedulers.fromExecutor(..))},
 * {@code doOnError}, {@code doOnComplete} and {@code doFinally}.
 *
 * <ul>
 *   <li>{@link Executor}: runs each task at once, on the calling thread, with the call's context
 *       current: the subscription and the subscriber's requests run through it, so the HTTP attempts
 *       they send report to the call;
 *   <li>{@link Runnable}: the publisher completed, before its subscriber hears so;
 *   <li>{@link Consumer}: the publisher failed (a {@code Throwable}, before its subscriber hears so), or
 *       a final signal ({@code SignalType}, read by name, only {@code CANCEL} counts): the subscriber
 *       cancelled (it took what it wanted).
 * </ul>
 *
 * The call ends at the first of these or of its last attempt's end (an attempt read to its end, or
 * abandoned), once. A publisher above the HTTP body that outlives a cancel (a cache) does not hold the
 * call open.
 */
final class PublisherCall implements Executor, Runnable, Consumer<Object> {
  private final LlmBoundary boundary;

  PublisherCall(LlmBoundary boundary) {
    this.boundary = boundary;
  }

  @Override
  public void execute(Runnable task) {
    Scope scope = enter();
    try {
      task.run();
    } finally {
      scope.close();
    }
  }

  private Scope enter() {
    try {
      return boundary.callContextOr(boundary.context()).makeCurrent();
    } catch (Throwable t) {
      HookErrors.report("llm sdk publisher context", t);
      return Scope.noop();
    }
  }

  @Override
  public void run() {
    boundary.finish(StreamOutcome.COMPLETED, null);
  }

  @Override
  public void accept(Object signal) {
    try {
      if (signal instanceof Throwable error) {
        boundary.finish(StreamOutcome.ERROR, error);
      } else if (signal instanceof Enum<?> type && type.name().equals("CANCEL")) {
        boundary.finish(StreamOutcome.CANCELLED, null);
      }
    } catch (Throwable t) {
      HookErrors.report("llm sdk publisher end", t);
    }
  }
}
