package io.inferscope.agent.anomaly;

import java.util.Objects;

/**
 * What a baseline is kept for: one model (or LLM) and operation, streaming or not. Create it once per
 * model/operation and reuse it: lookups then hit the identity check and allocate nothing.
 *
 * @param model e.g. {@code gpt-4o-mini} or the ONNX model path's file name
 * @param operation e.g. {@code chat}, {@code run}, {@code predict}
 * @param streaming streamed LLM calls have a time to first chunk; others do not
 */
public record AnomalyKey(String model, String operation, boolean streaming) {
  public AnomalyKey {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(operation, "operation");
  }

  @Override
  public String toString() {
    return model + "/" + operation + (streaming ? "/stream" : "");
  }
}
