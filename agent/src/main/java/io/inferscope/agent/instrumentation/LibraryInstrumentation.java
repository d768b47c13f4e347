package io.inferscope.agent.instrumentation;

import io.opentelemetry.api.OpenTelemetry;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * One instrumented library: which classes and methods it hooks and the telemetry it feeds. Each can
 * be switched off with {@code inferscope.instrumentation.<name>.enabled=false}.
 */
public interface LibraryInstrumentation {
  /** Short name used in settings and the startup line, e.g. {@code onnxruntime}. */
  String name();

  /** Registers the bridge implementation the advice calls; runs before any class is transformed. */
  void registerHooks(OpenTelemetry openTelemetry, String agentVersion);

  /** Adds this library's type matchers and advice. Matchers must check the hooked methods exist. */
  AgentBuilder extend(AgentBuilder builder, AdviceLocator advice);
}
