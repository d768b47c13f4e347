package io.inferscope.agent.anomaly;

import io.inferscope.agent.anomaly.AnomalyEvaluation.Score;
import io.inferscope.agent.anomaly.SyntheticLatency.Label;
import io.inferscope.agent.anomaly.SyntheticLatency.Series;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch-aware detector against the batch-blind one (the same detector judging raw duration, as it did
 * before batch sizes were passed) on {@link SyntheticBatches}' series: recall and precision on the
 * injected stream, false positives on the clean one, and the two cases that matter: slow small batches
 * (at most {@value #SMALL} items) caught, and big batches (at least {@value #BIG} items) at normal speed
 * left alone.
 */
final class BatchEvaluation {
  static final long SMALL = 100;
  static final long BIG = 10_000;

  /** One detector on one scenario. */
  record Batch(String scenario, boolean batchAware, Score injected, Score clean, double smallRecall,
      double bigFpRate) {
    double precision() {
      int flagged = injected.caught() + injected.falsePositives();
      return flagged == 0 ? Double.NaN : injected.caught() / (double) flagged;
    }
  }

  private BatchEvaluation() {}

  static List<Batch> compare(long seed, AnomalySettings settings) {
    List<Batch> out = new ArrayList<>();
    List<Series> injected = SyntheticBatches.all(seed, true);
    List<Series> clean = SyntheticBatches.all(seed, false);
    for (int k = 0; k < injected.size(); k++) {
      Series inj = injected.get(k);
      Series cln = clean.get(k);
      for (boolean aware : new boolean[] {true, false}) {
        boolean[] flagsInj = AnomalyEvaluation.detect(inj, settings, null, aware);
        boolean[] flagsCln = AnomalyEvaluation.detect(cln, settings, null, aware);
        out.add(new Batch(inj.name, aware, AnomalyEvaluation.score(inj, flagsInj, seed),
            AnomalyEvaluation.score(cln, flagsCln, seed), smallRecall(inj, flagsInj), bigFpRate(cln, flagsCln)));
      }
    }
    return out;
  }

  private static double smallRecall(Series s, boolean[] flagged) {
    int n = 0;
    int caught = 0;
    for (int i = SyntheticLatency.WARM_UP; i < s.length(); i++) {
      if (s.label[i].anomaly && s.batch[i] <= SMALL) {
        n++;
        caught += flagged[i] ? 1 : 0;
      }
    }
    return n == 0 ? Double.NaN : caught / (double) n;
  }

  private static double bigFpRate(Series s, boolean[] flagged) {
    int n = 0;
    int fp = 0;
    for (int i = SyntheticLatency.WARM_UP; i < s.length(); i++) {
      if (s.label[i] == Label.NORMAL && s.batch[i] >= BIG) {
        n++;
        fp += flagged[i] ? 1 : 0;
      }
    }
    return n == 0 ? Double.NaN : fp / (double) n;
  }
}
