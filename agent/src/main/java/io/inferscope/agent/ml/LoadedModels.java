package io.inferscope.agent.ml;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * {@code ml.model.loaded}: models currently loaded (ONNX Runtime sessions, DJL models), counted from the
 * live handles when metrics are collected. A handle leaves on close, and also when the application drops
 * it unclosed and it is garbage-collected; closing twice counts once. Handles are held weakly (never
 * keeping a model alive) and bounded.
 */
final class LoadedModels {
  static final int MAX_HANDLES = 10_000;

  // Session and model classes keep Object's identity equals/hashCode, so this is an identity map.
  private final Map<Object, Attributes> handles = new WeakHashMap<>();
  /** Models ever loaded: one whose handles are all gone reads 0, not a series that stops. */
  private final Set<Attributes> seen = new HashSet<>();

  LoadedModels(Meter meter) {
    meter.upDownCounterBuilder("ml.model.loaded").setUnit("{model}")
        .setDescription("Models currently loaded").buildWithCallback(this::observe);
  }

  synchronized void loaded(Object handle, Attributes model) {
    if (handles.size() < MAX_HANDLES) {
      handles.put(handle, model);
      if (seen.size() < MAX_HANDLES) {
        seen.add(model);
      }
    }
  }

  synchronized void closed(Object handle) {
    handles.remove(handle);
  }

  private void observe(ObservableLongMeasurement measurement) {
    Map<Attributes, long[]> byModel = new HashMap<>();
    synchronized (this) {
      seen.forEach(model -> byModel.put(model, new long[1]));
      handles.values().forEach(model -> byModel.computeIfAbsent(model, m -> new long[1])[0]++);
    }
    byModel.forEach((model, count) -> measurement.record(count[0], model));
  }
}
