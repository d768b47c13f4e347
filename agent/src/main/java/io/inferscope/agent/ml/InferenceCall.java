package io.inferscope.agent.ml;

import io.inferscope.bootstrap.InferenceScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * One inference call between advice enter and exit. Input detail is collected only when the span is
 * recorded; the batch size always is, because the batch-size metric needs it.
 */
public final class InferenceCall extends InferenceScope {
  private final InferenceTelemetry telemetry;
  private final ModelIdentity model;
  private final Span span;
  private final long startNanos;
  private long batchSize = -1;
  private List<String> inputNames;
  private List<String> inputShapes;
  private boolean ended;

  InferenceCall(InferenceTelemetry telemetry, ModelIdentity model, Span span, long startNanos) {
    this.telemetry = telemetry;
    this.model = model;
    this.span = span;
    this.startNanos = startNanos;
  }

  @Override
  public boolean wantsDetail() {
    return span.isRecording();
  }

  @Override
  public void input(String name, long[] shape) {
    if (batchSize < 0 && shape != null && shape.length > 0) {
      batchSize = shape[0];
    }
    if (!span.isRecording()) {
      return;
    }
    if (inputNames == null) {
      inputNames = new ArrayList<>(4);
      inputShapes = new ArrayList<>(4);
    }
    if (inputNames.size() < MlAttributes.MAX_LIST_ITEMS) {
      inputNames.add(CappedList.cap(name));
      inputShapes.add(shape == null ? "?" : CappedList.cap(ShapeFormat.format(shape)));
    }
  }

  @Override
  public void end(Throwable error) {
    if (ended) {
      return;
    }
    ended = true;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    if (span.isRecording()) {
      if (inputNames != null) {
        span.setAttribute(MlAttributes.INPUT_NAMES, inputNames);
        span.setAttribute(MlAttributes.INPUT_SHAPES, inputShapes);
      }
      if (batchSize >= 0) {
        span.setAttribute(MlAttributes.BATCH_SIZE, batchSize);
      }
    }
    // An explicit context spares the metric SDK a thread-local lookup per record, and links
    // exemplars to this span (not its parent) when it is sampled.
    Context context = span.getSpanContext().isSampled() ? Context.root().with(span) : Context.root();
    if (error == null) {
      telemetry.inferenceDuration.record(seconds, model.predictAttributes(), context);
    } else {
      InferenceTelemetry.recordError(span, error);
      telemetry.inferenceDuration.record(
          seconds,
          model.predictAttributes().toBuilder().put(MlAttributes.ERROR_TYPE, error.getClass().getName()).build(),
          context);
    }
    if (batchSize >= 0) {
      telemetry.batchSize.record(batchSize, model.predictAttributes(), context);
    }
    span.end();
  }
}
