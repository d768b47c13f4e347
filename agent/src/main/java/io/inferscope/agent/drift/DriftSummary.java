package io.inferscope.agent.drift;

import io.inferscope.agent.logging.HookErrors;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What every drift summary shares: its identity, its lock, when PSI is computed, the drift verdict.
 *
 * <p>Locking: one lock per summary, held only for the O(1) window update of one observation (or one
 * small batch of scalars), never while reading a tensor. Inference threads only <em>try</em> the lock:
 * when another thread holds it the observation is skipped and counted in {@link #busySkips()}, so
 * watching a model never makes an inference wait. A skipped observation is one fewer sample of the same
 * distribution, not a bias, unless contention itself depends on the outputs. The metric collection
 * thread takes the lock normally. Measured in {@code DriftObserveBenchmark}.
 *
 * <p>Cadence: PSI is computed (under the lock, O(bins) logarithms) every {@code evaluateEvery}
 * observations and at each metric collection, never per call.
 */
public abstract sealed class DriftSummary permits ClassOutputSummary, ScalarOutputSummary, TabularInputSummary {
  final String model;
  final String name;
  final DriftSettings settings;
  final ReentrantLock lock = new ReentrantLock();
  private final DriftVerdict verdict;
  private final DriftListener listener;
  private final LongAdder busySkips = new LongAdder();
  /** Where top scores and scalar values go (ml.prediction.score); null when no metrics are wired. */
  final DoubleHistogram scores;
  final Attributes scoreAttributes;
  private int sinceEvaluation;
  private long observations;
  private volatile double lastPsi = Double.NaN;
  private volatile boolean drifting;

  DriftSummary(String model, String name, DriftSettings settings, DriftListener listener, DoubleHistogram scores,
      Attributes scoreAttributes) {
    this.model = model;
    this.name = name;
    this.settings = settings;
    this.verdict = new DriftVerdict(settings.driftThreshold(), settings.rearmBelow());
    this.listener = listener == null ? DriftListener.NONE : listener;
    this.scores = scores;
    this.scoreAttributes = scoreAttributes;
  }

  public final String model() {
    return model;
  }

  /** The output name, or the input name of a {@link TabularInputSummary}. */
  public final String name() {
    return name;
  }

  /** The {@code inferscope.anomaly.reason} a flag of this summary is counted under. */
  public abstract String reason();

  /** PSI as of the last evaluation (NaN until the reference is complete and the current window full). */
  public final double lastPsi() {
    return lastPsi;
  }

  /** Whether the summary is flagged now: cheap (a volatile read), for a span attribute while it lasts. */
  public final boolean drifting() {
    return drifting;
  }

  /** Times drift has been flagged. */
  public final int flags() {
    lock.lock();
    try {
      return verdict.flags();
    } finally {
      lock.unlock();
    }
  }

  /** Observations counted (inspected and not skipped). */
  public final long observations() {
    lock.lock();
    try {
      return observations;
    } finally {
      lock.unlock();
    }
  }

  /** Observations skipped because another thread held this summary's lock. */
  public final long busySkips() {
    return busySkips.sum();
  }

  /** Computes PSI now (metric collection), updates the verdict, tells the listener of a new flag. */
  public final double evaluate() {
    boolean flagged;
    double psi;
    lock.lock();
    try {
      sinceEvaluation = 0;
      flagged = evaluateLocked();
      psi = lastPsi;
    } finally {
      lock.unlock();
    }
    if (flagged) {
      notifyListener(psi);
    }
    return psi;
  }

  /** PSI of the current window against the reference, NaN while not both are complete. Lock held. */
  abstract double psiLocked();

  /** For the observation path: the lock if it is free, else false and one more busy skip. */
  final boolean tryLock() {
    if (lock.tryLock()) {
      return true;
    }
    busySkips.increment();
    return false;
  }

  /**
   * Counts observations just added (lock held) and evaluates every {@code evaluateEvery} of them.
   *
   * @return true when that evaluation raised the flag: the caller calls {@link #notifyListener} after
   *     unlocking
   */
  final boolean countedLocked(int added) {
    observations += added;
    sinceEvaluation += added;
    if (sinceEvaluation < settings.evaluateEvery()) {
      return false;
    }
    sinceEvaluation = 0;
    return evaluateLocked();
  }

  private boolean evaluateLocked() {
    double psi = psiLocked();
    lastPsi = psi;
    boolean flagged = verdict.update(psi);
    drifting = verdict.drifting();
    return flagged;
  }

  final void notifyListener(double psi) {
    try {
      listener.onDrift(this, psi);
    } catch (RuntimeException e) {
      HookErrors.report("drift listener", e);
    }
  }

  /** Records a top score or scalar value in ml.prediction.score, when metrics are wired. */
  final void recordScore(double value) {
    if (scores != null && !Double.isNaN(value)) {
      scores.record(value, scoreAttributes);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + model + "/" + name + ", psi=" + lastPsi + (drifting ? ", drifting" : "") + "]";
  }
}
