package io.inferscope.extension;

import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;

/**
 * What InferScope changes in the OpenTelemetry Java agent's SDK configuration: its openai-java
 * instrumentation is off by default (InferScope records those calls, one GenAI span each), and with
 * the anomaly sampler each export processor gets the local-trace buffer in front, so the agent's own
 * spans (the SERVER span, its HTTP client and JDBC spans) are kept with an anomalous inference.
 */
public final class InferScopeCustomizer implements AutoConfigurationCustomizerProvider {
  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    if (!HostedInferScope.insideAgent()) {
      return;
    }
    customizer.addPropertiesSupplier(ExtensionSettings::agentDefaults);
    customizer.addSpanProcessorCustomizer(HostedInferScope::inFrontOfExport);
  }
}
