package io.inferscope.agent.drift;

/**
 * Hysteresis on PSI: a summary is flagged once when its PSI reaches the threshold and stays flagged,
 * without flagging again, until PSI falls below the lower re-arm level. PSI of a drifted window wobbles
 * around the threshold as observations come and go; a single threshold would flag on every crossing.
 * Not thread-safe: the owning summary's lock guards it.
 */
final class DriftVerdict {
  private final double threshold;
  private final double rearmBelow;
  private boolean drifting;
  private int flags;

  DriftVerdict(double threshold, double rearmBelow) {
    this.threshold = threshold;
    this.rearmBelow = rearmBelow;
  }

  /** Takes a new PSI (NaN: not known yet, changes nothing); true only when this value raises the flag. */
  boolean update(double psi) {
    if (!drifting && psi >= threshold) {
      drifting = true;
      flags++;
      return true;
    }
    if (drifting && psi < rearmBelow) {
      drifting = false;
    }
    return false;
  }

  boolean drifting() {
    return drifting;
  }

  /** Times the flag has been raised. */
  int flags() {
    return flags;
  }
}
