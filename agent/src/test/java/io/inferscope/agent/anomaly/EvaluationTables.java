package io.inferscope.agent.anomaly;

import static io.inferscope.agent.anomaly.AnomalyEvaluation.pct;

import io.inferscope.agent.anomaly.AnomalyEvaluation.Report;
import io.inferscope.agent.anomaly.AnomalyEvaluation.Row;
import io.inferscope.agent.anomaly.AnomalyEvaluation.Shift;
import io.inferscope.agent.anomaly.StormEvaluation.Storm;
import java.util.Locale;

/** Text tables for {@link AnomalyEvaluation#main}. */
final class EvaluationTables {
  private EvaluationTables() {}

  static String format(Report r) {
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT,
        "Anomaly detector vs fixed threshold (sensitivity %.2f; %d calls per scenario, first %d warm-up)%n",
        r.sensitivity(), SyntheticLatency.LENGTH, SyntheticLatency.WARM_UP));
    b.append("fixed = p99 of the clean warm-up, rounded up to ms (what a user would set); "
        + "oracle = best fixed threshold in hindsight (max F1)\n\n");
    b.append(String.format(Locale.ROOT, "%-17s %7s | %-23s | %-26s | %-18s%n", "", "", "recall (injected)",
        "false positives (clean)", "exported, p=" + pct(AnomalyEvaluation.BASE_PROBABILITY)));
    b.append(String.format(Locale.ROOT, "%-17s %7s | %7s %7s %7s | %8s %8s %8s | %8s %8s%n", "scenario",
        "thr", "detect", "fixed", "oracle", "detect", "fixed", "oracle", "detect", "fixed"));
    for (Row row : r.rows()) {
      b.append(String.format(Locale.ROOT, "%-17s %5dms | %7.3f %7.3f %7.3f | %8s %8s %8s | %8s %8s%n",
          row.scenario(), row.thresholdMs(), row.detector().recall(), row.fixed().recall(),
          row.oracle().recall(), pct(row.detectorClean().fpRate()), pct(row.fixedClean().fpRate()),
          pct(row.oracleClean().fpRate()), pct(row.detectorClean().exportedFraction()),
          pct(row.fixedClean().exportedFraction())));
    }
    b.append(String.format(Locale.ROOT, "%-25s | %7.3f%n", "all injected anomalies", r.overallRecall()));
    for (Row row : r.rows()) {
      if (!Double.isNaN(row.longOutputFpDetector())) {
        b.append(String.format(Locale.ROOT, "long-output bursts (%s): flagged by detector %s, by fixed %s%n",
            row.scenario(), pct(row.longOutputFpDetector()), pct(row.longOutputFpFixed())));
      }
    }
    b.append("\nLevel shifts (clean stream; calls after the shift; flags = flagged calls in the next 1000)\n");
    b.append(String.format(Locale.ROOT, "%-7s %6s | %10s %12s %6s | %10s %6s%n", "onset", "factor",
        "1st flag", "level_shift", "flags", "fixed 1st", "flags"));
    for (Shift s : r.shifts()) {
      b.append(String.format(Locale.ROOT, "%-7d %6.2f | %10s %12s %6d | %10s %6d%n", s.onset(), s.factor(),
          delay(s.detectorFirstFlag()), delay(s.detectorLevelShiftAt()), s.detectorFlags(),
          delay(s.fixedFirstFlag()), s.fixedFlags()));
    }
    b.append(String.format(Locale.ROOT,
        "%nAnomaly storm: %.0f calls/s, 60 s with 30%% spikes, rate cap %.0f anomaly exports/s, p=%s%n",
        StormEvaluation.STORM_RATE, StormEvaluation.RATE_CAP, pct(AnomalyEvaluation.BASE_PROBABILITY)));
    b.append(String.format(Locale.ROOT, "%-9s | %14s %14s | %8s %8s%n", "policy", "exported calm",
        "exported storm", "flagged", "exported"));
    for (Storm s : r.storm()) {
      b.append(String.format(Locale.ROOT, "%-9s | %14s %14s | %8d %8d%n", s.policy(), pct(s.normalFraction()),
          pct(s.stormFraction()), s.flagged(), s.exported()));
    }
    b.append("\nRecall by spike size (stationary log-normal, spikes at exactly factor x p99)\n");
    b.append(String.format(Locale.ROOT, "%-9s | %8s %8s%n", "x p99", "detect", "fixed"));
    for (SpikeSizeEvaluation.Size s : r.spikeSizes()) {
      b.append(String.format(Locale.ROOT, "%-9.2f | %8.3f %8.3f%n", s.factor(), s.detectorRecall(),
          s.fixedRecall()));
    }
    b.append(String.format(Locale.ROOT, "%nBatch sizes 1..30000 (fixed 2 ms + 10 us per item; 1 %% of calls slowed"
        + " 2..6x the clean p99 for their size): batch-aware vs batch-blind detector%n"));
    b.append(String.format(Locale.ROOT, "%-17s %-7s | %7s %9s %12s | %9s %12s%n", "scenario", "judged", "recall",
        "precision", "recall <=" + BatchEvaluation.SMALL, "FP clean", "FP >=" + BatchEvaluation.BIG));
    for (BatchEvaluation.Batch x : r.batches()) {
      b.append(String.format(Locale.ROOT, "%-17s %-7s | %7.3f %9.3f %12.3f | %9s %12s%n", x.scenario(),
          x.batchAware() ? "batch" : "blind", x.injected().recall(), x.precision(), x.smallRecall(),
          pct(x.clean().fpRate()), pct(x.bigFpRate())));
    }
    return b.toString();
  }

  private static String delay(int calls) {
    return calls < 0 ? "none" : String.valueOf(calls);
  }

  /** Overall recall and worst clean false-positive rate for several sensitivities: how the default was chosen. */
  static String sensitivitySweep(long seed, double[] sensitivities) {
    StringBuilder b = new StringBuilder("\nSensitivity sweep (detector): recall over all injected anomalies, "
        + "false positives on clean streams\n");
    b.append(String.format(Locale.ROOT, "%-11s | %7s %11s | %8s %8s%n", "sensitivity", "recall",
        "min recall", "mean FP", "max FP"));
    for (double s : sensitivities) {
      Report r = AnomalyEvaluation.evaluate(seed, AnomalySettings.defaults().withSensitivity(s));
      double minRecall = 1;
      double sumFp = 0;
      double maxFp = 0;
      for (Row row : r.rows()) {
        minRecall = Math.min(minRecall, row.detector().recall());
        sumFp += row.detectorClean().fpRate();
        maxFp = Math.max(maxFp, row.detectorClean().fpRate());
      }
      b.append(String.format(Locale.ROOT, "%-11.2f | %7.3f %11.3f | %8s %8s%n", s, r.overallRecall(), minRecall,
          pct(sumFp / r.rows().size()), pct(maxFp)));
    }
    return b.toString();
  }
}
