package io.inferscope.agent.ml;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.drift.DriftMonitor;
import io.inferscope.agent.logging.HookErrors;
import io.inferscope.agent.sampling.AnomalySampling;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Spans and metrics for classic model inference, shared by every framework's instrumentation: the
 * hooks say what happened, this decides how it is recorded (names, attributes, buckets).
 */
public final class InferenceTelemetry {
  static final String SCOPE = "io.inferscope.ml";
  // 10 µs to 60 s: CPU micro-models and large GPU models on the same dashboard.
  private static final List<Double> DURATION_BUCKETS =
      List.of(0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
          0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0);
  private static final List<Double> LOAD_BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0);
  private static final List<Long> BATCH_BUCKETS = List.of(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1024L);

  private final Tracer tracer;
  final DoubleHistogram inferenceDuration;
  final LongHistogram batchSize;
  private final DoubleHistogram loadDuration;
  final DoubleHistogram phaseDuration;
  private final InFlightInferences inFlight;
  private final LoadedModels loadedModels;
  /** Null unless the anomaly sampler is in use: then every call is judged as it ends. */
  final AnomalySampling anomalies = AnomalySampling.current();
  /** How this framework's values are read for drift; null when they are not. */
  final ValueReader values;
  /** Null when drift is not watched (off, or no reader). */
  final DriftMonitor drift;

  public InferenceTelemetry(OpenTelemetry openTelemetry, String version) {
    this(openTelemetry, version, null);
  }

  /** @param values how this framework's call values are read for drift, or null for none */
  public InferenceTelemetry(OpenTelemetry openTelemetry, String version, ValueReader values) {
    this.values = values;
    this.drift = values == null ? null : DriftMonitor.shared(openTelemetry, version);
    this.tracer = openTelemetry.getTracer(SCOPE, version);
    Meter meter = openTelemetry.getMeter(SCOPE);
    this.inferenceDuration =
        meter.histogramBuilder("ml.inference.duration").setUnit("s").setDescription("Duration of model inference calls")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.batchSize =
        meter.histogramBuilder("ml.inference.batch.size").ofLongs().setUnit("{item}")
            .setDescription("Items per inference call (first input dimension)")
            .setExplicitBucketBoundariesAdvice(BATCH_BUCKETS).build();
    this.loadDuration =
        meter.histogramBuilder("ml.model.load.duration").setUnit("s").setDescription("Duration of model loading")
            .setExplicitBucketBoundariesAdvice(LOAD_BUCKETS).build();
    this.phaseDuration =
        meter.histogramBuilder("ml.djl.phase.duration").setUnit("s")
            .setDescription("Time per prediction phase: pre-processing, inference, post-processing")
            .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS).build();
    this.inFlight = new InFlightInferences(meter);
    this.loadedModels = new LoadedModels(meter);
  }

  /** Starts a single prediction whose span is not made current (nothing is traced inside it). */
  public InferenceCall startPredict(ModelIdentity model, Set<String> requestedOutputs) {
    return startCall(model, InferenceOperation.PREDICT, requestedOutputs, false, null);
  }

  /**
   * Starts an inference call; the caller ends it exactly once, on this thread, through the returned
   * call.
   *
   * @param makeCurrent whether work inside the call (e.g. an engine's own spans) becomes its child
   */
  public InferenceCall startCall(
      ModelIdentity model, InferenceOperation operation, Set<String> requestedOutputs, boolean makeCurrent,
      InferenceCall.EndListener listener) {
    // Attributes go on after the sampling decision: a dropped span then costs no attribute map.
    Span span = tracer.spanBuilder(model.spanName(operation)).setSpanKind(SpanKind.INTERNAL).startSpan();
    describe(span, model, operation, requestedOutputs);
    Scope scope = makeCurrent ? span.makeCurrent() : null;
    LongAdder active = model.active(operation, inFlight);
    active.increment();
    // One random draw when drift is watched; nothing else on the calls that are not inspected.
    boolean inspect = drift != null && model.watchable() && drift.inspect();
    return new InferenceCall(this, model, operation, span, scope, listener, active, inspect, System.nanoTime());
  }

  /**
   * Starts a prediction another process runs for this one (a model server called over HTTP): a CLIENT
   * span, child of {@code parent}, that is never made current here (the HTTP client carries its context
   * to the server). Recorded like a local prediction (the same metrics, the anomaly baseline of its model
   * and operation); its values are not read for drift. The caller ends it exactly once, on any thread
   * (see {@link io.inferscope.agent.stream.StreamTracker}).
   *
   * @param spanAttributes span-only attributes: the server's address and port, the model version
   */
  public InferenceCall startRemote(Context parent, ModelIdentity model, Set<String> requestedOutputs, Attributes spanAttributes) {
    InferenceOperation operation = InferenceOperation.PREDICT;
    Span span = tracer.spanBuilder(model.spanName(operation)).setParent(parent).setSpanKind(SpanKind.CLIENT).startSpan();
    describe(span, model, operation, requestedOutputs);
    if (span.isRecording()) {
      span.setAllAttributes(spanAttributes);
    }
    LongAdder active = model.active(operation, inFlight);
    active.increment();
    return new InferenceCall(this, model, operation, span, null, null, active, false, System.nanoTime());
  }

  private static void describe(Span span, ModelIdentity model, InferenceOperation operation, Set<String> requestedOutputs) {
    if (span.isRecording()) {
      span.setAllAttributes(model.metricAttributes(operation));
      span.setAllAttributes(model.spanExtras());
      if (requestedOutputs != null && !requestedOutputs.isEmpty()) {
        span.setAttribute(MlAttributes.OUTPUT_NAMES, CappedList.of(requestedOutputs));
      }
    }
  }

  /** @param makeCurrent whether work inside the load (e.g. an engine's own load span) becomes its child */
  public ModelLoad startLoad(String framework, String modelName, Attributes details, boolean makeCurrent) {
    Span span =
        tracer.spanBuilder(MlAttributes.OP_LOAD + " " + modelName).setSpanKind(SpanKind.INTERNAL)
            .setAttribute(MlAttributes.OPERATION, MlAttributes.OP_LOAD)
            .setAttribute(MlAttributes.FRAMEWORK, framework)
            .setAttribute(MlAttributes.MODEL_NAME, modelName)
            .setAllAttributes(details).startSpan();
    return new ModelLoad(span, makeCurrent ? span.makeCurrent() : null, framework, modelName, System.nanoTime());
  }

  /**
   * Ends a load span on the thread that started it.
   *
   * @param model what was loaded; null when loading failed
   * @param failureAttributes the metric attributes to use when loading failed
   */
  public void endLoad(ModelLoad load, ModelIdentity model, Attributes failureAttributes, Throwable error) {
    double seconds = (System.nanoTime() - load.startNanos()) / 1e9;
    if (load.scope() != null) {
      load.scope().close();
    }
    Span span = load.span();
    Attributes metricAttributes;
    if (error == null && model != null) {
      metricAttributes = model.attributes(MlAttributes.OP_LOAD);
      if (!model.modelName().equals(load.modelName())) {
        span.updateName(MlAttributes.OP_LOAD + " " + model.modelName());
      }
      span.setAllAttributes(metricAttributes);
    } else {
      metricAttributes = failureAttributes.toBuilder().put(MlAttributes.ERROR_TYPE, errorType(error)).build();
      if (error != null) {
        recordError(span, error);
      }
    }
    loadDuration.record(seconds, metricAttributes);
    if (anomalies != null) {
      String modelName = model == null ? load.modelName() : model.modelName();
      anomalies.judge(span, new AnomalyKey(load.framework(), modelName, MlAttributes.OP_LOAD, false), seconds,
          error != null || model == null);
    }
    span.end();
  }

  /**
   * A model was loaded: counted in {@code ml.model.loaded} while {@code handle} (the session or model
   * object the application holds) is neither closed nor garbage-collected.
   */
  public void modelLoaded(Object handle, ModelIdentity model) {
    loadedModels.loaded(handle, model.modelAttributes());
  }

  /**
   * The application closed a model it loaded (a second close, or one of a model never seen, does
   * nothing). Called from the close hooks of every framework; never throws.
   */
  public void modelClosed(Object handle, String framework) {
    try {
      loadedModels.closed(handle);
    } catch (Throwable t) {
      HookErrors.report(framework + " model close", t);
    }
  }

  private static String errorType(Throwable error) {
    return error == null ? "_OTHER" : error.getClass().getName();
  }

  static void recordError(Span span, Throwable error) {
    span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
    span.setAttribute(MlAttributes.ERROR_TYPE, error.getClass().getName());
    span.recordException(error);
  }

  /** A load in progress. */
  public record ModelLoad(Span span, Scope scope, String framework, String modelName, long startNanos) {}
}
