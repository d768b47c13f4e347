package io.inferscope.agent.ml;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.inferscope.agent.drift.DriftMonitor;
import io.inferscope.agent.drift.ModelWatch;
import io.opentelemetry.api.common.Attributes;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything about a loaded model that every call repeats, built once: span names and the
 * low-cardinality metric attributes per operation and phase, so the per-call path only reads fields.
 */
public final class ModelIdentity {
  private final String modelName;
  private final String framework;
  private final String engine;
  private final String device;
  private final Attributes spanExtras;
  private final String[] spanNames = new String[InferenceOperation.values().length];
  private final Attributes[] operationAttributes = new Attributes[InferenceOperation.values().length];
  private final Attributes[][] phaseAttributes = new Attributes[InferenceOperation.values().length][InferencePhase.ALL.length];
  private final AnomalyKey[] anomalyKeys = new AnomalyKey[InferenceOperation.values().length];
  private final Attributes modelAttributes;
  /** False for the stand-in of models loaded before the agent: their outputs would mix, so drift is not watched. */
  private final boolean watchable;
  /** Drift watching of this model's values, made on the first inspected call. */
  private volatile ModelWatch watch;
  /** In-flight counters per operation, looked up once (null until then). */
  private final LongAdder[] active = new LongAdder[InferenceOperation.values().length];

  public ModelIdentity(String modelName, String framework, String engine, String device) {
    this(modelName, framework, engine, device, Attributes.empty());
  }

  /** @param spanExtras span-only attributes (not on metrics: they may have higher cardinality) */
  public ModelIdentity(String modelName, String framework, String engine, String device, Attributes spanExtras) {
    this(modelName, framework, engine, device, spanExtras, true);
  }

  /**
   * The stand-in for calls of models the agent did not see load (loaded before it started, or by a path it
   * does not hook): named {@code unknown}, and never watched for drift, since many models share it.
   */
  public static ModelIdentity unknown(String framework, String engine, String device) {
    return new ModelIdentity("unknown", framework, engine, device, Attributes.empty(), false);
  }

  private ModelIdentity(String modelName, String framework, String engine, String device, Attributes spanExtras, boolean watchable) {
    this.watchable = watchable;
    this.modelName = modelName;
    this.framework = framework;
    this.engine = engine;
    this.device = device;
    this.spanExtras = spanExtras;
    this.modelAttributes = Attributes.builder()
        .put(MlAttributes.FRAMEWORK, framework)
        .put(MlAttributes.ENGINE, engine)
        .put(MlAttributes.MODEL_NAME, modelName)
        .put(MlAttributes.DEVICE, device)
        .build();
    for (InferenceOperation operation : InferenceOperation.values()) {
      int op = operation.ordinal();
      spanNames[op] = operation.attributeValue() + " " + modelName;
      operationAttributes[op] = attributes(operation.attributeValue());
      anomalyKeys[op] = new AnomalyKey(framework, modelName, operation.attributeValue(), false);
      for (InferencePhase phase : InferencePhase.ALL) {
        phaseAttributes[op][phase.ordinal()] =
            operationAttributes[op].toBuilder().put(MlAttributes.PHASE, phase.attributeValue()).build();
      }
    }
  }

  public Attributes attributes(String operation) {
    return Attributes.builder()
        .put(MlAttributes.OPERATION, operation)
        .put(MlAttributes.FRAMEWORK, framework)
        .put(MlAttributes.ENGINE, engine)
        .put(MlAttributes.MODEL_NAME, modelName)
        .put(MlAttributes.DEVICE, device)
        .build();
  }

  public String modelName() {
    return modelName;
  }

  public String framework() {
    return framework;
  }

  String spanName(InferenceOperation operation) {
    return spanNames[operation.ordinal()];
  }

  Attributes metricAttributes(InferenceOperation operation) {
    return operationAttributes[operation.ordinal()];
  }

  Attributes phaseAttributes(InferenceOperation operation, InferencePhase phase) {
    return phaseAttributes[operation.ordinal()][phase.ordinal()];
  }

  /** The anomaly baseline this model's calls of the operation are judged against. */
  AnomalyKey anomalyKey(InferenceOperation operation) {
    return anomalyKeys[operation.ordinal()];
  }

  /** The model without an operation: what {@code ml.model.loaded} counts by. */
  Attributes modelAttributes() {
    return modelAttributes;
  }

  /** The counter of this model's calls of {@code operation} in progress. */
  LongAdder active(InferenceOperation operation, InFlightInferences inFlight) {
    LongAdder counter = active[operation.ordinal()];
    if (counter == null) {
      // A race here looks the same counter up twice: harmless.
      counter = inFlight.counter(metricAttributes(operation));
      active[operation.ordinal()] = counter;
    }
    return counter;
  }

  boolean watchable() {
    return watchable;
  }

  /** This model's drift watch, made on first use (its outputs are judged as the model's predictions). */
  ModelWatch watch(DriftMonitor monitor) {
    ModelWatch w = watch;
    if (w == null) {
      synchronized (this) {
        w = watch;
        if (w == null) {
          w = new ModelWatch(monitor, anomalyKey(InferenceOperation.PREDICT));
          watch = w;
        }
      }
    }
    return w;
  }

  /** The drift watch if an inspected call has made one, else null. */
  ModelWatch watchIfAny() {
    return watch;
  }

  Attributes spanExtras() {
    return spanExtras;
  }
}
