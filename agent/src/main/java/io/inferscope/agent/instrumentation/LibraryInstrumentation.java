package io.inferscope.agent.instrumentation;

import io.opentelemetry.api.OpenTelemetry;
import java.util.List;

/**
 * One instrumented library: which classes and methods it hooks and the telemetry it feeds. Each can
 * be switched off with {@code inferscope.instrumentation.<name>.enabled=false}.
 */
public interface LibraryInstrumentation {
  /** Short name used in settings and the startup line, e.g. {@code onnxruntime}. */
  String name();

  /** Registers the bridge implementation the advice calls; runs before any class is transformed. */
  void registerHooks(OpenTelemetry openTelemetry, String agentVersion);

  /**
   * The classes this library's hooks change. Preconditions must check that the hooked methods exist;
   * advice should be resolved inside {@link TypeTransformation.Change}, so that Byte Buddy does its
   * work only when a hooked class actually loads.
   */
  List<TypeTransformation> transformations(AdviceLocator advice);

  /**
   * Instrumentations this one's telemetry comes through (an SDK's call boundary gets its span from
   * the HTTP client hook underneath): with one of them off, this one records nothing, which the
   * start-up says in a warning.
   */
  default List<String> requires() {
    return List.of();
  }
}
