package io.inferscope.agent.instrumentation.djl;

import io.inferscope.agent.ml.InferenceCall;
import io.inferscope.agent.stream.StreamOutcome;
import io.inferscope.agent.stream.StreamTracker;
import io.inferscope.agent.stream.StreamWatchdog;
import io.inferscope.agent.stream.TrackedStreams;
import io.inferscope.bootstrap.InferenceScope;
import io.opentelemetry.context.Context;
import java.util.stream.Stream;

/**
 * One {@code Predictor.streamingPredict} call. The method returns before the model has produced
 * anything: the span stays open until the stream DJL hands to the translator is read to the end,
 * fails, is closed, or is abandoned.
 */
final class DjlStreamingCall extends InferenceScope implements StreamTracker.Listener {
  private final InferenceCall call;
  /** The streaming call this one is nested in on this thread, restored when this one returns. */
  final DjlStreamingCall outer;
  private StreamTracker tracker;

  DjlStreamingCall(InferenceCall call, DjlStreamingCall outer) {
    this.call = call;
    this.outer = outer;
  }

  /** Wraps the model's output stream; called inside {@code streamingPredict} with the span current. */
  <T> Stream<T> track(Stream<T> stream) {
    if (tracker != null || call.isEnded()) {
      return stream;
    }
    tracker = new StreamTracker(this);
    return TrackedStreams.wrap(stream, tracker, Context.current());
  }

  @Override
  public boolean wantsDetail() {
    return call.wantsDetail();
  }

  @Override
  public void input(String name, long[] shape) {
    call.input(name, shape);
  }

  /** {@code streamingPredict} returned ({@code error == null}) or threw. */
  @Override
  public void end(Throwable error) {
    DjlHooks.streamingCallReturned(this);
    if (tracker == null) {
      call.end(error); // no stream was seen: the span covers the method
    } else if (error != null) {
      tracker.finish(StreamOutcome.ERROR, error);
    } else if (!tracker.isEnded()) {
      call.detach();
      StreamWatchdog.watch(tracker);
    }
  }

  @Override
  public void streamEnded(StreamTracker stream, StreamOutcome outcome, Throwable error) {
    call.endStream(outcome, stream.chunks(), error);
  }
}
