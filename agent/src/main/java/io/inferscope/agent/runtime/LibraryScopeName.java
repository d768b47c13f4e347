package io.inferscope.agent.runtime;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;

/**
 * Hands a bundled OpenTelemetry library its own instrumentation scope name back. Relocation renames
 * every string that starts like our relocated packages, the library's meter name
 * ({@code io.opentelemetry.runtime-telemetry}) included; backends and Prometheus' {@code otel_scope_name}
 * label would otherwise show the shaded name.
 */
final class LibraryScopeName implements OpenTelemetry {
  // Built from parts: as one literal, relocation would rename it too.
  private static final String ORIGINAL = String.join(".", "io", "opentelemetry");
  private static final String RELOCATED = relocated();

  private final OpenTelemetry delegate;

  LibraryScopeName(OpenTelemetry delegate) {
    this.delegate = delegate;
  }

  static String restore(String scopeName) {
    return !RELOCATED.equals(ORIGINAL) && scopeName.startsWith(RELOCATED + ".")
        ? ORIGINAL + scopeName.substring(RELOCATED.length()) : scopeName;
  }

  @Override
  public MeterProvider getMeterProvider() {
    MeterProvider meters = delegate.getMeterProvider();
    return name -> meters.meterBuilder(restore(name));
  }

  @Override
  public TracerProvider getTracerProvider() {
    return delegate.getTracerProvider();
  }

  @Override
  public ContextPropagators getPropagators() {
    return delegate.getPropagators();
  }

  private static String relocated() {
    String api = OpenTelemetry.class.getName();
    return api.substring(0, api.length() - ".api.OpenTelemetry".length());
  }
}
