package io.inferscope.agent.instrumentation;

import io.opentelemetry.api.OpenTelemetry;
import java.util.List;

/**
 * One instrumented library: which classes and methods it hooks and the telemetry it feeds. Each can
 * be switched off with {@code inferscope.instrumentation.<name>.enabled=false}. Listed, with where its
 * classes are and what it requires, in {@link InstrumentationCatalog}; built only once its library loads.
 */
public interface LibraryInstrumentation {
  /** Short name used in settings and the startup line, e.g. {@code onnxruntime}. */
  String name();

  /**
   * Registers the bridge implementation the advice calls; runs when the library's first class loads,
   * before any of its classes is transformed. Another library may have installed a shared bridge first.
   */
  void registerHooks(OpenTelemetry openTelemetry, String agentVersion);

  /**
   * The classes this library's hooks change. Preconditions must check that the hooked methods exist;
   * advice should be resolved inside {@link TypeTransformation.Change}, so that Byte Buddy does its
   * work only when a hooked class actually loads.
   */
  List<TypeTransformation> transformations(AdviceLocator advice);
}
