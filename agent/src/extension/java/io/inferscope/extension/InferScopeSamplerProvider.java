package io.inferscope.extension;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/** {@code OTEL_TRACES_SAMPLER=inferscope_anomaly} under the OpenTelemetry Java agent. */
public final class InferScopeSamplerProvider implements ConfigurableSamplerProvider {
  @Override
  public Sampler createSampler(ConfigProperties config) {
    return HostedInferScope.sampler(config);
  }

  @Override
  public String getName() {
    return HostedInferScope.SAMPLER_NAME;
  }
}
