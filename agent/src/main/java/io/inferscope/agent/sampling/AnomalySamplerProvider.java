package io.inferscope.agent.sampling;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;

/**
 * Makes the anomaly sampler selectable the standard way: {@code OTEL_TRACES_SAMPLER=inferscope_anomaly},
 * {@code OTEL_TRACES_SAMPLER_ARG=<base probability>} (found by the SDK's autoconfiguration through
 * META-INF/services).
 */
public final class AnomalySamplerProvider implements ConfigurableSamplerProvider {
  @Override
  public Sampler createSampler(ConfigProperties config) {
    return AnomalySampling.forConfig(config).sampler();
  }

  @Override
  public String getName() {
    return SamplingSettings.SAMPLER_NAME;
  }
}
