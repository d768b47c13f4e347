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
 * models bump one counter that is never reported, rather than the map growing without end.
 */
final class InFlightInferences {
  static final int MAX_KEYS = 1_000;

  private final Map<Attributes, LongAdder> counts = new ConcurrentHashMap<>();
  /** Shared by every key past the cap: the hot path needs no null check and no lookup again. */
  private final LongAdder uncounted = new LongAdder();

  InFlightInferences(Meter meter) {
    meter.upDownCounterBuilder("ml.inference.active").setUnit("{inference}")
        .setDescription("Inference calls in progress").buildWithCallback(this::observe);
  }

  /** The counter of a model's operation; once {@link #MAX_KEYS} keys exist, new keys share one never reported. */
  LongAdder counter(Attributes key) {
    LongAdder counter = counts.get(key);
    if (counter != null) {
      return counter;
    }
    return counts.size() >= MAX_KEYS ? uncounted : counts.computeIfAbsent(key, k -> new LongAdder());
  }

  private void observe(ObservableLongMeasurement measurement) {
    counts.forEach((key, counter) -> measurement.record(counter.sum(), key));
  }
}
