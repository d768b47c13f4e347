package io.inferscope.agent.ml;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code ml.inference.active}: inferences in progress per model and operation. A call only bumps a
 * counter of its own key (a few ns, no attribute lookup, no SDK call); the SDK reads the counters when
 * it collects, as an asynchronous up-down counter. Keys are bounded: past the cap, calls of further
 * models are not counted (a debug line says so) rather than growing without end.
 */
final class InFlightInferences {
  static final int MAX_KEYS = 1_000;

  private final Map<Attributes, LongAdder> counts = new ConcurrentHashMap<>();

  InFlightInferences(Meter meter) {
    meter.upDownCounterBuilder("ml.inference.active").setUnit("{inference}")
        .setDescription("Inference calls in progress").buildWithCallback(this::observe);
  }

  /** The counter of a model's operation, or null once {@link #MAX_KEYS} keys exist. */
  LongAdder counter(Attributes key) {
    LongAdder counter = counts.get(key);
    if (counter != null || counts.size() >= MAX_KEYS) {
      return counter;
    }
    return counts.computeIfAbsent(key, k -> new LongAdder());
  }

  private void observe(ObservableLongMeasurement measurement) {
    counts.forEach((key, counter) -> measurement.record(counter.sum(), key));
  }
}
