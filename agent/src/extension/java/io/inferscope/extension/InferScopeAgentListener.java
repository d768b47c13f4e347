package io.inferscope.extension;

import io.opentelemetry.javaagent.extension.AgentListener;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;

/**
 * Where the OpenTelemetry Java agent starts InferScope as its extension: after the agent built its SDK
 * and installed its own instrumentation, before the application's main runs.
 */
public final class InferScopeAgentListener implements AgentListener {
  @Override
  public void afterAgent(AutoConfiguredOpenTelemetrySdk sdk) {
    HostedInferScope.start(sdk.getOpenTelemetrySdk());
  }
}
