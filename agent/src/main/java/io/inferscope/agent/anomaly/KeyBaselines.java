package io.inferscope.agent.anomaly;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Everything kept for one key: its baselines, created on first use (a model key with a known batch size
 * a {@link LengthModel} of duration against batch size and its ratio baseline, without one the duration
 * baseline; a streamed LLM key time to first chunk and per-token time; a non-streamed LLM key with
 * token counts a {@link LengthModel} and its ratio baseline), and its counts.
 *
 * <p><b>Concurrency.</b> A judge takes the key's try-lock (one CAS, released with a plain store). If
 * another thread holds it, the call is still judged, lock-free, against the published thresholds, but is
 * not learned from: under contention the baseline learns from a subsample of the calls, which is
 * statistically harmless, and no application thread ever waits or parks on the agent's account.
 * Measured on 2 cores, two threads calling one key back to back: ~115 ns per call per thread, about 40 %
 * of the calls not learned; {@code synchronized} gave the same throughput (the cost is the cache lines
 * moving between cores, not the lock) but makes a thread wait whenever the holder is descheduled. On
 * separate keys: 20-45 ns per call. Counters both paths touch are atomic; the others are written under
 * the lock and read racily by gauges.
 */
final class KeyBaselines {
  private static final VarHandle LOCK;
  private static final VarHandle NOT_RECORDED;
  private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      LOCK = l.findVarHandle(KeyBaselines.class, "lock", int.class);
      NOT_RECORDED = l.findVarHandle(KeyBaselines.class, "notRecorded", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final AnomalyKey key;
  private final BaselineConfig config;
  @SuppressWarnings("unused") // through LOCK
  private int lock;
  private volatile LatencyBaseline duration;
  private volatile LatencyBaseline ttft;
  private volatile LatencyBaseline perToken;
  private volatile LatencyBaseline lengthRatio;
  private volatile LengthModel lengthModel;
  private volatile LatencyBaseline batchRatio;
  private volatile LengthModel batchModel;
  private long recorded;
  private volatile long notRecorded;
  /** Anomalies by {@link Reason#ordinal()}. */
  private final long[] anomalies = new long[Reason.values().length];

  KeyBaselines(AnomalyKey key, BaselineConfig config) {
    this.key = key;
    this.config = config;
  }

  /** @param batchSize items in a model call's batch; 0 or negative if unknown (or an LLM call) */
  void judge(double seconds, double ttftSeconds, long outputTokens, long batchSize, boolean error, Verdict out) {
    out.reset();
    // Test before test-and-set: a busy key costs a read, not a cache-line-stealing CAS.
    boolean locked = (int) LOCK.getOpaque(this) == 0 && LOCK.compareAndSet(this, 0, 1);
    try {
      // An error's latency is still scored by an existing baseline, but never learned (failures are not
      // normal) and never creates one (a stream failing before its first chunk would add a duration
      // baseline to an LLM key).
      judgeLatency(seconds, ttftSeconds, outputTokens, batchSize, out, locked && !error, locked && !error);
      if (locked) {
        recorded++;
      }
    } finally {
      if (locked) {
        LOCK.setRelease(this, 0);
      }
    }
    if (!locked) {
      NOT_RECORDED.getAndAdd(this, 1L);
    }
    if (error) {
      out.markError();
    }
    if (out.anomalous()) {
      COUNTS.getAndAdd(anomalies, out.reason().ordinal(), 1L);
    }
  }

  private void judgeLatency(double d, double ttftS, long tokens, long batch, Verdict out, boolean create,
      boolean learn) {
    boolean hasDuration = d >= 0 && d < Double.POSITIVE_INFINITY;
    if (ttftS >= 0 && ttftS < Double.POSITIVE_INFINITY) {
      one(ttft(create), ttftS, Reason.TTFT_SPIKE, out, learn);
      // Generation speed after the first chunk: (tokens - 1) inter-token gaps. One token tells nothing.
      if (tokens >= 2 && hasDuration && d > ttftS) {
        one(perToken(create), (d - ttftS) / (tokens - 1), Reason.PER_TOKEN_SLOW, out, learn);
      }
    } else if (tokens > 0 && hasDuration) {
      bySize(d, tokens, false, out, create, learn);
    } else if (batch > 0 && hasDuration) {
      // A batch is judged like an answer of known length: duration against the expectation for its size.
      bySize(d, batch, true, out, create, learn);
    } else if (hasDuration) {
      one(duration(create), d, Reason.LATENCY_SPIKE, out, learn);
    }
  }

  private static void one(LatencyBaseline b, double x, Reason reason, Verdict out, boolean learn) {
    if (b == null) {
      return;
    }
    b.judge(x, reason, 1, out);
    if (learn && b.record(x) == LatencyBaseline.SHIFT_UP) {
      out.levelShift(reason);
    }
  }

  /** Judges duration / expected duration for the size (output tokens, or batch items when {@code batch}). */
  private void bySize(double d, long size, boolean batch, Verdict out, boolean create, boolean learn) {
    LengthModel m = batch ? batchModel : lengthModel;
    if (m == null && create) {
      m = new LengthModel(config);
      if (batch) {
        batchModel = m;
      } else {
        lengthModel = m;
      }
    }
    if (m == null) {
      return;
    }
    if (!m.ready()) {
      if (learn) {
        m.fit(size, d, Double.NaN);
      }
      return;
    }
    LatencyBaseline r = batch ? batchRatio(create) : lengthRatio(create);
    if (r == null) {
      return;
    }
    double expected = m.expected(size);
    double ratio = d / expected;
    // unit = expected: the verdict's measured value is the duration, its baseline the expected duration
    // for this size (the ratios' median times the model's expectation).
    boolean flagged = r.judge(ratio, Reason.LATENCY_SPIKE, expected, out);
    if (!learn) {
      return;
    }
    if (m.beyond(size)) {
      // Judged against a deliberately generous extrapolation, so its ratio is not like the others: kept out
      // of the ratio baseline (a run of bigger batches would look like a downward level shift), fitted
      // unless flagged, which extends the range the model knows.
      if (!flagged) {
        m.fit(size, d, Double.NaN);
      }
      return;
    }
    long excludedBefore = r.excluded();
    int event = r.record(ratio);
    if (event != LatencyBaseline.NO_SHIFT) {
      // The level moved: let the size model carry it and put the ratios back around where they were.
      double f = r.lastShiftFactor();
      r.rescale(1 / f);
      m.scale(f);
      if (event == LatencyBaseline.SHIFT_UP) {
        out.levelShift(Reason.LATENCY_SPIKE);
      }
    }
    // Fit what the ratio baseline learned from, for the same reason it keeps anomalies out.
    if (r.excluded() == excludedBefore) {
      m.fit(size, d, expected);
    }
  }

  private LatencyBaseline duration(boolean create) {
    LatencyBaseline b = duration;
    if (b == null && create) {
      b = new LatencyBaseline(config);
      duration = b;
    }
    return b;
  }

  private LatencyBaseline ttft(boolean create) {
    LatencyBaseline b = ttft;
    if (b == null && create) {
      b = new LatencyBaseline(config);
      ttft = b;
    }
    return b;
  }

  private LatencyBaseline perToken(boolean create) {
    LatencyBaseline b = perToken;
    if (b == null && create) {
      b = new LatencyBaseline(config);
      perToken = b;
    }
    return b;
  }

  private LatencyBaseline lengthRatio(boolean create) {
    LatencyBaseline b = lengthRatio;
    if (b == null && create) {
      b = new LatencyBaseline(config);
      lengthRatio = b;
    }
    return b;
  }

  private LatencyBaseline batchRatio(boolean create) {
    LatencyBaseline b = batchRatio;
    if (b == null && create) {
      b = new LatencyBaseline(config);
      batchRatio = b;
    }
    return b;
  }

  KeySnapshot snapshot() {
    long[] counts = new long[anomalies.length];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = (long) COUNTS.getVolatile(anomalies, i);
    }
    long skipped = notRecorded;
    LengthModel m = batchModel;
    KeySnapshot.BaselineStats ratio = KeySnapshot.BaselineStats.of(batchRatio);
    double typical = m != null && m.ready() ? Math.max(1, Math.round(m.typicalSize())) : Double.NaN;
    KeySnapshot.BaselineStats durationStats = KeySnapshot.BaselineStats.of(duration);
    if (durationStats == null && ratio != null && !Double.isNaN(typical)) {
      // A key judged by batch size has no single duration baseline; its typical batch's expectation
      // stands in for it (gauges, alert thresholds, replay's summary).
      durationStats = ratio.times(m.expected((long) typical));
    } else {
      typical = Double.NaN;
    }
    return new KeySnapshot(key, recorded + skipped, skipped, counts, durationStats,
        KeySnapshot.BaselineStats.of(ttft), KeySnapshot.BaselineStats.of(perToken),
        KeySnapshot.BaselineStats.of(lengthRatio), ratio, typical);
  }
}
