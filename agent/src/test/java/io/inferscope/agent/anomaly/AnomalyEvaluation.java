package io.inferscope.agent.anomaly;

import io.inferscope.agent.anomaly.SyntheticLatency.Label;
import io.inferscope.agent.anomaly.SyntheticLatency.Series;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs the detector and a collector-style fixed threshold over the same {@link SyntheticLatency} series and
 * measures recall of injected anomalies, false positives on the clean streams, the exported fraction with
 * a trace-id-consistent base probability (also in an anomaly storm with a rate cap) and level-shift
 * detection delay; and, on serving traffic whose batch sizes vary by 1000x ({@link BatchEvaluation}), the
 * batch-aware detector against the batch-blind one. {@link #main} prints the tables; {@code AnomalyEvaluationTest} asserts the targets.
 *
 * <p>Fairness: the fixed threshold is what a user would set, the p99 of the clean stream's first 1000 calls
 * (the warm-up, never scored), rounded up to whole milliseconds. A second, "oracle" fixed threshold is the
 * best one in hindsight (highest F1 on the injected stream): no fixed threshold can do better.
 */
public final class AnomalyEvaluation {
  static final double BASE_PROBABILITY = 0.05;

  /** Counts of one policy on one series version. */
  record Score(int anomalies, int caught, int normals, int falsePositives, int calls, int exported) {
    double recall() {
      return anomalies == 0 ? Double.NaN : caught / (double) anomalies;
    }

    double fpRate() {
      return normals == 0 ? Double.NaN : falsePositives / (double) normals;
    }

    double exportedFraction() {
      return exported / (double) calls;
    }
  }

  /** One scenario: detector, user-set fixed threshold and hindsight-best fixed threshold. */
  record Row(String scenario, long thresholdMs, Score detector, Score fixed, Score oracle,
      Score detectorClean, Score fixedClean, Score oracleClean, double longOutputFpDetector,
      double longOutputFpFixed) {}

  /** One level shift: calls until the first flag / the first level_shift verdict, flags in 1000 calls. */
  record Shift(int onset, double factor, int detectorFirstFlag, int detectorLevelShiftAt,
      int detectorFlags, int fixedFirstFlag, int fixedFlags) {}

  record Report(double sensitivity, List<Row> rows, List<Shift> shifts, List<StormEvaluation.Storm> storm,
      List<SpikeSizeEvaluation.Size> spikeSizes, List<BatchEvaluation.Batch> batches) {
    BatchEvaluation.Batch batch(String scenario, boolean batchAware) {
      return batches.stream().filter(b -> b.scenario().equals(scenario) && b.batchAware() == batchAware)
          .findFirst().orElseThrow();
    }

    Row row(String scenario) {
      return rows.stream().filter(r -> r.scenario.equals(scenario)).findFirst().orElseThrow();
    }

    /** Recall over all injected anomalies of all scenarios. */
    double overallRecall() {
      int a = 0;
      int c = 0;
      for (Row r : rows) {
        a += r.detector.anomalies;
        c += r.detector.caught;
      }
      return c / (double) a;
    }
  }

  public static Report evaluate(long seed, AnomalySettings settings) {
    List<Row> rows = new ArrayList<>();
    List<Shift> shifts = new ArrayList<>();
    List<Series> injected = SyntheticLatency.all(seed, true);
    List<Series> clean = SyntheticLatency.all(seed, false);
    for (int k = 0; k < injected.size(); k++) {
      Series inj = injected.get(k);
      Series cln = clean.get(k);
      double[] warm = Arrays.copyOf(cln.duration, SyntheticLatency.WARM_UP);
      Arrays.sort(warm);
      long thresholdMs = (long) Math.ceil(warm[(int) (0.99 * warm.length)] * 1000);
      FixedThresholdPolicy fixed = new FixedThresholdPolicy(thresholdMs);
      FixedThresholdPolicy oracle = new FixedThresholdPolicy(bestInHindsight(inj));
      boolean[] detInj = detect(inj, settings, null);
      boolean[] detCln = detect(cln, settings, null);
      rows.add(new Row(inj.name, thresholdMs, score(inj, detInj, seed), score(inj, flags(inj, fixed), seed),
          score(inj, flags(inj, oracle), seed), score(cln, detCln, seed), score(cln, flags(cln, fixed), seed),
          score(cln, flags(cln, oracle), seed), longOutputFp(cln, detCln),
          longOutputFp(cln, flags(cln, fixed))));
      if (inj.shiftOnsets.length > 0) {
        Reason[] reasons = new Reason[cln.length()];
        boolean[] det = detect(cln, settings, reasons);
        boolean[] fix = flags(cln, fixed);
        for (int s = 0; s < cln.shiftOnsets.length; s++) {
          int onset = cln.shiftOnsets[s];
          shifts.add(new Shift(onset, cln.shiftFactors[s] / (s == 0 ? 1 : cln.shiftFactors[s - 1]),
              firstFlag(det, onset, null, null), firstFlag(det, onset, reasons, Reason.LEVEL_SHIFT),
              count(det, onset, onset + 1000), firstFlag(fix, onset, null, null),
              count(fix, onset, onset + 1000)));
        }
      }
    }
    return new Report(settings.sensitivity(), rows, shifts, StormEvaluation.storm(seed, settings),
        SpikeSizeEvaluation.recallBySize(seed, settings), BatchEvaluation.compare(seed, settings));
  }

  /** Runs a fresh detector over the series; optionally records each call's reason. */
  static boolean[] detect(Series s, AnomalySettings settings, Reason[] reasons) {
    return detect(s, settings, reasons, true);
  }

  /** @param batchAware pass the series' batch sizes to the detector (false: judge raw duration, as before) */
  static boolean[] detect(Series s, AnomalySettings settings, Reason[] reasons, boolean batchAware) {
    long[] now = {0};
    AnomalyDetector d = new AnomalyDetector(settings, () -> now[0]);
    AnomalyKey key = new AnomalyKey(s.name, "run", s.streamed);
    Verdict v = new Verdict();
    boolean[] flagged = new boolean[s.length()];
    for (int i = 0; i < s.length(); i++) {
      now[0] = (long) (i / SyntheticLatency.RATE * 1e9);
      d.judge(key, s.duration[i], s.ttft[i], s.llm ? s.tokens[i] : -1, batchAware ? s.batch[i] : -1, s.error[i], v);
      flagged[i] = v.anomalous();
      if (reasons != null) {
        reasons[i] = v.reason();
      }
    }
    return flagged;
  }

  static boolean[] flags(Series s, FixedThresholdPolicy p) {
    boolean[] flagged = new boolean[s.length()];
    for (int i = 0; i < s.length(); i++) {
      flagged[i] = p.flags(s.duration[i], s.error[i]);
    }
    return flagged;
  }

  static Score score(Series s, boolean[] flagged, long seed) {
    int anomalies = 0;
    int caught = 0;
    int normals = 0;
    int fp = 0;
    int calls = 0;
    int exported = 0;
    for (int i = SyntheticLatency.WARM_UP; i < s.length(); i++) {
      Label l = s.label[i];
      if (l.anomaly) {
        anomalies++;
        caught += flagged[i] ? 1 : 0;
      } else if (l.normal) {
        normals++;
        fp += flagged[i] ? 1 : 0;
      }
      calls++;
      exported += flagged[i] || sampled(seed, i, BASE_PROBABILITY) ? 1 : 0;
    }
    return new Score(anomalies, caught, normals, fp, calls, exported);
  }

  /**
   * Trace-id-consistent sampling as OpenTelemetry's TraceIdRatioBased does it: keep when the trace id's
   * random low 63 bits fall under p * 2^63, so every span of a trace gets the same answer.
   */
  static boolean sampled(long seed, int call, double p) {
    return (SyntheticLatency.traceIdLow(seed, call) >>> 1) < (long) (p * Long.MAX_VALUE);
  }

  private static double longOutputFp(Series s, boolean[] flagged) {
    int n = 0;
    int fp = 0;
    for (int i = SyntheticLatency.WARM_UP; i < s.length(); i++) {
      if (s.label[i] == Label.LONG_OUTPUT) {
        n++;
        fp += flagged[i] ? 1 : 0;
      }
    }
    return n == 0 ? Double.NaN : fp / (double) n;
  }

  /** The whole-millisecond threshold with the best F1 on the injected stream (errors aside). */
  static long bestInHindsight(Series s) {
    List<double[]> points = new ArrayList<>();
    int anomalies = 0;
    for (int i = SyntheticLatency.WARM_UP; i < s.length(); i++) {
      Label l = s.label[i];
      if (l == Label.ERROR || !(l.anomaly || l.normal)) {
        continue;
      }
      points.add(new double[] {Math.floor(s.duration[i] * 1000), l.anomaly ? 1 : 0});
      anomalies += l.anomaly ? 1 : 0;
    }
    points.sort((a, b) -> Double.compare(b[0], a[0]));
    double bestF1 = -1;
    long best = Long.MAX_VALUE;
    int tp = 0;
    int fp = 0;
    for (int k = 0; k < points.size(); k++) {
      tp += points.get(k)[1] > 0 ? 1 : 0;
      fp += points.get(k)[1] > 0 ? 0 : 1;
      // A threshold can only sit between distinct millisecond values.
      if (k + 1 < points.size() && points.get(k + 1)[0] == points.get(k)[0]) {
        continue;
      }
      double f1 = 2.0 * tp / (2.0 * tp + fp + (anomalies - tp));
      if (f1 > bestF1) {
        bestF1 = f1;
        best = (long) points.get(k)[0];
      }
    }
    return best;
  }

  private static int firstFlag(boolean[] flagged, int from, Reason[] reasons, Reason wanted) {
    for (int i = from; i < Math.min(flagged.length, from + 1000); i++) {
      if (flagged[i] && (reasons == null || reasons[i] == wanted)) {
        return i - from;
      }
    }
    return -1;
  }

  private static int count(boolean[] flagged, int from, int to) {
    int n = 0;
    for (int i = from; i < Math.min(flagged.length, to); i++) {
      n += flagged[i] ? 1 : 0;
    }
    return n;
  }

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
    AnomalySettings settings = AnomalySettings.defaults();
    Report report = evaluate(seed, settings);
    System.out.print(EvaluationTables.format(report));
    System.out.print(EvaluationTables.sensitivitySweep(seed, new double[] {1.0, 1.25, 1.5, 2.0, 2.5, 3.0}));
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }
}
