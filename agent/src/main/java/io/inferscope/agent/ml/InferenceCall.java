package io.inferscope.agent.ml;

import io.inferscope.agent.drift.ModelWatch;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.stream.StreamAttributes;
import io.inferscope.agent.stream.StreamOutcome;
import io.inferscope.bootstrap.InferenceScope;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One inference call between advice enter and exit, ended exactly once, on the thread that started
 * it unless it was {@link #detach detached} (a stream the application reads later) or is remote
 * ({@link InferenceTelemetry#startRemote}: ended by whichever thread ends its HTTP exchange). Input detail is collected only when the span is recorded; batch size and phase times always
 * are, because metrics need them.
 */
public final class InferenceCall extends InferenceScope {
  /** Told when a call ends, e.g. to forget it as the thread's active call. */
  public interface EndListener {
    void ended(InferenceCall call);
  }

  private static final String ABANDONED = StreamOutcome.ABANDONED.attributeValue();

  private final InferenceTelemetry telemetry;
  private final ModelIdentity model;
  private final InferenceOperation operation;
  private final Span span;
  /** The span's recording state, fixed at start; read on every hook, so kept in a plain field. */
  private final boolean recording;
  private Scope scope;
  private EndListener listener;
  private final long startNanos;
  /** This call's count in ml.inference.active. */
  private final LongAdder active;
  /** Chosen at start for drift inspection (one call in N). */
  private final boolean inspect;
  private long batchSize = -1;
  private List<String> inputNames;
  private List<String> inputShapes;
  // Phase times are sums: without a batchifier, DJL runs the three phases once per item.
  private long phaseMark;
  private long[] phaseNanos;
  private Object attachment;
  private boolean ended;

  InferenceCall(
      InferenceTelemetry telemetry, ModelIdentity model, InferenceOperation operation, Span span, Scope scope,
      EndListener listener, LongAdder active, boolean inspect, long startNanos) {
    this.inspect = inspect;
    this.telemetry = telemetry;
    this.model = model;
    this.operation = operation;
    this.span = span;
    this.recording = span.isRecording();
    this.scope = scope;
    this.listener = listener;
    this.startNanos = startNanos;
    this.active = active;
    this.phaseMark = startNanos;
  }

  @Override
  public boolean wantsDetail() {
    return recording;
  }

  @Override
  public boolean inspectsValues() {
    return inspect;
  }

  @Override
  public void inspect(Object input, Object result) {
    if (!inspect) {
      return;
    }
    try {
      telemetry.values.read(model.watch(telemetry.drift), input, result);
    } catch (Throwable t) {
      HookErrors.report(model.framework() + " drift inspection", t);
    }
  }

  @Override
  public void input(String name, long[] shape) {
    if (batchSize < 0 && shape != null && shape.length > 0) {
      batchSize = shape[0];
    }
    if (!recording) {
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

  /** The output names, when known only once the call has run (a model server's answer); capped like the inputs. */
  public void outputNames(Collection<String> names) {
    if (recording && !names.isEmpty()) {
      span.setAttribute(MlAttributes.OUTPUT_NAMES, CappedList.of(names));
    }
  }

  /** The batch size when the framework knows it up front (e.g. the length of a batchPredict list). */
  public void batchSize(long items) {
    batchSize = items;
  }

  /**
   * Marks the end of a phase: the time since the previous mark (or the start) is added to it. Only
   * for recorded spans: three clock reads and three metric records per call would double the cost
   * of an unsampled prediction, so the phase metric describes the sampled ones.
   */
  public void phaseEnd(InferencePhase phase) {
    if (!recording) {
      return;
    }
    long now = System.nanoTime();
    if (phaseNanos == null) {
      phaseNanos = new long[InferencePhase.ALL.length];
    }
    phaseNanos[phase.ordinal()] += now - phaseMark;
    phaseMark = now;
  }

  public boolean isEnded() {
    return ended;
  }

  public ModelIdentity model() {
    return model;
  }

  /** The call's span, for attributes only its starter knows (a remote call's outcome); ended by this call only. */
  public Span span() {
    return span;
  }

  /** Free for the starter's own bookkeeping, e.g. the call this one is nested in. */
  public Object attachment() {
    return attachment;
  }

  public void attach(Object value) {
    attachment = value;
  }

  /**
   * Leaves the call open beyond the method that started it (a streamed result): its context stops
   * being current on this thread now; whoever ends it later may be on another thread.
   */
  public void detach() {
    if (!ended) {
      releaseThread();
    }
  }

  private void releaseThread() {
    if (scope != null) {
      scope.close();
      scope = null;
    }
    if (listener != null) {
      listener.ended(this);
      listener = null;
    }
  }

  /**
   * Ends a streamed call: how the stream ended and how many chunks it produced go on the span. An
   * abandoned stream counts as failed with {@code error.type=abandoned}: its duration says how long
   * it was left open, not how long the model took, and must not blend into the latency of real ones.
   */
  public void endStream(StreamOutcome outcome, long chunks, Throwable error) {
    if (span.isRecording()) {
      span.setAttribute(StreamAttributes.OUTCOME, outcome.attributeValue());
      span.setAttribute(StreamAttributes.CHUNKS, chunks);
    }
    if (outcome == StreamOutcome.ABANDONED) {
      span.setStatus(StatusCode.ERROR, "stream neither read to the end nor closed (idle timeout, or still open at JVM exit)");
      end(null, ABANDONED);
    } else {
      end(error, null);
    }
  }

  @Override
  public void end(Throwable error) {
    end(error, null);
  }

  /**
   * Ends a call that failed without an exception in this process (a model server's error status, an
   * answer that could not be read): the span's status says {@code statusMessage}, and {@code errorType}
   * goes on the span and the duration metric, as an exception's class name would.
   */
  public void endFailed(String errorType, String statusMessage) {
    if (ended) {
      return;
    }
    span.setStatus(StatusCode.ERROR, statusMessage);
    end(null, errorType);
  }

  /** @param errorType a failure without an exception; ignored when {@code error} is set */
  private void end(Throwable error, String errorType) {
    if (ended) {
      return;
    }
    ended = true;
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    active.decrement();
    releaseThread();
    if (recording) {
      if (inputNames != null) {
        span.setAttribute(MlAttributes.INPUT_NAMES, inputNames);
        span.setAttribute(MlAttributes.INPUT_SHAPES, inputShapes);
      }
      if (batchSize >= 0) {
        span.setAttribute(MlAttributes.BATCH_SIZE, batchSize);
      }
      ModelWatch watch = model.watchIfAny();
      if (watch != null) {
        double psi = watch.driftingPsi();
        if (!Double.isNaN(psi)) {
          span.setAttribute(ModelWatch.PSI, psi);
        }
      }
    }
    // Explicit contexts spare the metric SDK a thread-local lookup per record. Only the duration
    // record links an exemplar to this span (when sampled): offering one costs ~40 ns per record,
    // and the phase and batch-size points add nothing a trace lookup by duration does not give.
    Context noExemplar = Context.root();
    Context context = span.getSpanContext().isSampled() ? noExemplar.with(span) : noExemplar;
    if (phaseNanos != null) {
      for (InferencePhase phase : InferencePhase.ALL) {
        double phaseSeconds = phaseNanos[phase.ordinal()] / 1e9;
        if (recording) {
          span.setAttribute(phase.spanAttribute(), phaseSeconds);
        }
        telemetry.phaseDuration.record(phaseSeconds, model.phaseAttributes(operation, phase), noExemplar);
      }
    }
    if (error != null) {
      InferenceTelemetry.recordError(span, error);
      errorType = error.getClass().getName();
    } else if (errorType != null) {
      span.setAttribute(MlAttributes.ERROR_TYPE, errorType);
    }
    telemetry.inferenceDuration.record(
        seconds,
        errorType == null
            ? model.metricAttributes(operation)
            : model.metricAttributes(operation).toBuilder().put(MlAttributes.ERROR_TYPE, errorType).build(),
        context);
    if (batchSize >= 0) {
      telemetry.batchSize.record(batchSize, model.metricAttributes(operation), noExemplar);
    }
    if (telemetry.anomalies != null) {
      telemetry.anomalies.judge(span, model.anomalyKey(operation), seconds, batchSize, errorType != null);
    }
    span.end();
  }
}
