package io.inferscope.agent.drift;

/**
 * Told when a summary is flagged as drifting (once per flag: see {@link DriftVerdict}). The hooks
 * count it as an anomaly with reason {@link DriftSummary#reason()}. Called on whichever thread computed
 * the PSI (an inference thread every {@code evaluateEvery} observations, or the metric collection
 * thread), outside the summary's lock; it must be quick and must not throw (a throw is reported once and
 * swallowed).
 */
@FunctionalInterface
public interface DriftListener {
  DriftListener NONE = (summary, psi) -> {};

  void onDrift(DriftSummary summary, double psi);
}
