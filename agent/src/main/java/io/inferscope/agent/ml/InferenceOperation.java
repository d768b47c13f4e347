package io.inferscope.agent.ml;

/** The {@code ml.operation} values of inference calls (loading is separate). */
public enum InferenceOperation {
  PREDICT("predict"),
  BATCH_PREDICT("batch_predict"),
  STREAM_PREDICT("stream_predict");

  private final String attributeValue;

  InferenceOperation(String attributeValue) {
    this.attributeValue = attributeValue;
  }

  public String attributeValue() {
    return attributeValue;
  }
}
