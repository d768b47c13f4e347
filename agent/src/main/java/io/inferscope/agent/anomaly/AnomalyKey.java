package io.inferscope.agent.anomaly;

import java.util.Objects;

/**
 * What a baseline is kept for: one system, model and operation, streaming or not. Create it once per
 * model/operation and reuse it: lookups then hit the identity check and allocate nothing.
 *
 * @param system the framework or LLM provider ({@code onnxruntime}, {@code djl}, {@code openai}): a DJL
 *     predict and the ONNX Runtime run inside it share model and operation names but not latency
 * @param model e.g. {@code gpt-4o-mini} or the ONNX model path's file name
 * @param operation e.g. {@code chat}, {@code run}, {@code predict}
 * @param streaming streamed LLM calls have a time to first chunk; others do not
 */
public record AnomalyKey(String system, String model, String operation, boolean streaming) {
  public AnomalyKey {
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(operation, "operation");
  }

  /** A key without a system (replay, evaluations). */
  public AnomalyKey(String model, String operation, boolean streaming) {
    this("", model, operation, streaming);
  }

  @Override
  public String toString() {
    return (system.isEmpty() ? "" : system + ":") + model + "/" + operation + (streaming ? "/stream" : "");
  }
}
