package io.inferscope.agent.sampling;

import java.util.concurrent.atomic.AtomicLong;

/** Spans the sampler meant to export but did not, by cause: reported as a metric, never silently lost. */
final class SamplingDrops {
  private final AtomicLong rateLimited = new AtomicLong();
  private final AtomicLong bufferFull = new AtomicLong();

  void rateLimited(long spans) {
    rateLimited.addAndGet(spans);
  }

  void bufferFull(long spans) {
    bufferFull.addAndGet(spans);
  }

  /** Spans of anomalous traces not exported because the anomaly rate cap was reached. */
  long rateLimited() {
    return rateLimited.get();
  }

  /** Held spans dropped, oldest trace first, to keep the local-trace buffer within its bounds. */
  long bufferFull() {
    return bufferFull.get();
  }
}
