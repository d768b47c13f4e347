package io.inferscope.agent.instrumentation.http;

import io.inferscope.agent.instrumentation.LibraryInstrumentation;
import io.opentelemetry.api.OpenTelemetry;

/**
 * An instrumented HTTP client whose advice reports through the one HTTP exchange bridge
 * ({@link HttpExchangeHooks}), installed before any of its classes is transformed; whichever client's
 * instrumentation asks first installs it.
 */
public interface HttpClientInstrumentation extends LibraryInstrumentation {
  @Override
  default void registerHooks(OpenTelemetry openTelemetry, String agentVersion) {
    HttpExchangeHooks.install(openTelemetry, agentVersion);
  }
}
