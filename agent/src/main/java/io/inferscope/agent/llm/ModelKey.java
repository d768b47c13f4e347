package io.inferscope.agent.llm;

import java.util.Objects;

/**
 * A map key of an LLM model as the agent tells models apart: provider, request model and a second model name
 * (the response model for prices; for behaviour, what stands for the model when the request named none).
 * Any component may be null.
 *
 * <p>Not a record: with a record key SpendBenchmark measured 24 bytes allocated per call (a record's equals
 * and hashCode are bound through method handles, which apparently kept the JIT from eliminating the key
 * object); written out, a lookup allocates nothing.
 */
public final class ModelKey {
  private final String provider;
  private final String requestModel;
  private final String model;

  public ModelKey(String provider, String requestModel, String model) {
    this.provider = provider;
    this.requestModel = requestModel;
    this.model = model;
  }

  public String provider() {
    return provider;
  }

  public String requestModel() {
    return requestModel;
  }

  /** The second model name: the response model, or what stands for the model. */
  public String model() {
    return model;
  }

  @Override
  public int hashCode() {
    return (31 * Objects.hashCode(provider) + Objects.hashCode(requestModel)) * 31 + Objects.hashCode(model);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelKey k && Objects.equals(provider, k.provider) && Objects.equals(requestModel, k.requestModel)
        && Objects.equals(model, k.model);
  }
}
