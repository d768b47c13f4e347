package io.inferscope.agent.ml;

import io.opentelemetry.api.common.Attributes;

/**
 * Everything about a loaded model that every call repeats, built once at load: the span name and the
 * low-cardinality metric attributes, so the per-call path only reads fields.
 */
public final class ModelIdentity {
  private final String modelName;
  private final String framework;
  private final String engine;
  private final String device;
  private final String predictSpanName;
  private final Attributes predictAttributes;

  public ModelIdentity(String modelName, String framework, String engine, String device) {
    this.modelName = modelName;
    this.framework = framework;
    this.engine = engine;
    this.device = device;
    this.predictSpanName = MlAttributes.OP_PREDICT + " " + modelName;
    this.predictAttributes = attributes(MlAttributes.OP_PREDICT);
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

  String predictSpanName() {
    return predictSpanName;
  }

  Attributes predictAttributes() {
    return predictAttributes;
  }
}
