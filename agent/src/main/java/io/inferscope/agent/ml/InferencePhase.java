package io.inferscope.agent.ml;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Where the time of one prediction goes: the framework's pre-processing (translating inputs to
 * tensors), the engine's inference, and post-processing (tensors back to outputs).
 */
public enum InferencePhase {
  PREPROCESS("preprocess", "ml.djl.preprocess.duration"),
  INFERENCE("inference", "ml.djl.inference.duration"),
  POSTPROCESS("postprocess", "ml.djl.postprocess.duration");

  static final InferencePhase[] ALL = values();

  private final String attributeValue;
  private final AttributeKey<Double> spanAttribute;

  InferencePhase(String attributeValue, String spanAttribute) {
    this.attributeValue = attributeValue;
    this.spanAttribute = AttributeKey.doubleKey(spanAttribute);
  }

  public String attributeValue() {
    return attributeValue;
  }

  AttributeKey<Double> spanAttribute() {
    return spanAttribute;
  }
}
