package io.inferscope.agent.anomaly;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Judges each inference or LLM call against the baseline of its key and says whether it is anomalous,
 * how much, and why. Pure Java, thread-safe, no allocation per call once a key exists (keys are
 * {@link AnomalyKey}s the caller creates once and reuses).
 *
 * <p>What is judged: an error or timeout is always anomalous ({@code error}). Otherwise, for a call with a
 * time to first chunk, that time ({@code ttft_spike}) and its time per output token after the first chunk
 * ({@code per_token_slow}); for a call with only an output token count, its duration relative to the
 * expected duration for that length ({@link LengthModel}); for a model call with a batch size, its duration
 * relative to the expected duration for that many items (the same model, fitted per key on batch size);
 * for any other call, its duration. So long answers and big batches at normal speed are normal. See {@link LatencyBaseline} for the baseline and {@link Verdict} for
 * the score.
 *
 * <p><b>Key cap.</b> At most {@code maxKeys} keys get baselines. Measured (allocation, map entry included):
 * 1.1 KB for a model key, 2.0 KB for a streamed LLM key (two baselines), 1.2 KB for a non-streamed LLM key.
 * Calls of further keys are not judged (their errors are still flagged) and are counted in
 * {@link #overflowCalls()}: a shared fallback baseline would mix unrelated models, and its verdicts
 * (a fast model's spikes hidden by a slow one's normal, and the reverse) would be noise that looks like
 * signal.
 */
public final class AnomalyDetector {
  private final AnomalySettings settings;
  private final BaselineConfig config;
  private final ConcurrentHashMap<AnomalyKey, KeyBaselines> keys = new ConcurrentHashMap<>();
  private final AtomicInteger keyCount = new AtomicInteger();
  private final AtomicLong overflowCalls = new AtomicLong();
  private final ThreadLocal<Verdict> verdicts = ThreadLocal.withInitial(Verdict::new);

  public AnomalyDetector(AnomalySettings settings) {
    this(settings, System::nanoTime);
  }

  /** @param clock nanoseconds for the horizon; replay passes the recorded timestamps' clock. */
  public AnomalyDetector(AnomalySettings settings, LongSupplier clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.config = BaselineConfig.of(settings, Objects.requireNonNull(clock, "clock"));
  }

  /** A model call (or any call with only a duration). Returns this thread's reused verdict. */
  public Verdict judge(AnomalyKey key, double durationSeconds, boolean error) {
    return judge(key, durationSeconds, Double.NaN, -1, -1, error, verdicts.get());
  }

  /**
   * A model call of {@code batchSize} items, judged against the expected duration for that size; a size
   * of 0 or less (unknown) judges the duration alone, as {@link #judge(AnomalyKey, double, boolean)}.
   * Returns this thread's reused verdict.
   */
  public Verdict judge(AnomalyKey key, double durationSeconds, long batchSize, boolean error) {
    return judge(key, durationSeconds, Double.NaN, -1, batchSize, error, verdicts.get());
  }

  /**
   * An LLM call. Returns this thread's reused verdict.
   *
   * @param ttftSeconds time to first chunk, NaN if unknown (not streamed)
   * @param outputTokens output tokens (or chunks), negative or 0 if unknown
   */
  public Verdict judge(AnomalyKey key, double durationSeconds, double ttftSeconds, long outputTokens,
      boolean error) {
    return judge(key, durationSeconds, ttftSeconds, outputTokens, error, verdicts.get());
  }

  /** As above, filling the caller's verdict. */
  public Verdict judge(AnomalyKey key, double durationSeconds, double ttftSeconds, long outputTokens,
      boolean error, Verdict into) {
    return judge(key, durationSeconds, ttftSeconds, outputTokens, -1, error, into);
  }

  /**
   * Any call, filling the caller's verdict: an LLM call's time to first chunk and output tokens, a model
   * call's batch size (NaN / 0 or less where unknown or not applicable; tokens win over a batch size).
   */
  public Verdict judge(AnomalyKey key, double durationSeconds, double ttftSeconds, long outputTokens,
      long batchSize, boolean error, Verdict into) {
    KeyBaselines k = keys.get(key);
    if (k == null) {
      k = admit(key);
    }
    if (k == null) {
      overflowCalls.incrementAndGet();
      into.reset();
      if (error) {
        into.markError();
      }
      return into;
    }
    k.judge(durationSeconds, ttftSeconds, outputTokens, batchSize, error, into);
    return into;
  }

  private KeyBaselines admit(AnomalyKey key) {
    Objects.requireNonNull(key, "key");
    if (keyCount.get() >= settings.maxKeys()) {
      return null;
    }
    return keys.computeIfAbsent(key, k -> {
      if (keyCount.incrementAndGet() > settings.maxKeys()) {
        keyCount.decrementAndGet();
        return null;
      }
      return new KeyBaselines(k, config);
    });
  }

  /** The key's counts and baselines, or null if it has none (never seen, or beyond the cap). */
  public KeySnapshot snapshot(AnomalyKey key) {
    KeyBaselines k = keys.get(key);
    return k == null ? null : k.snapshot();
  }

  /** All keys' counts and baselines (for gauges and counters). */
  public List<KeySnapshot> snapshots() {
    List<KeySnapshot> out = new ArrayList<>(keys.size());
    for (KeyBaselines k : keys.values()) {
      out.add(k.snapshot());
    }
    return out;
  }

  /** Keys with a baseline. */
  public int keyCount() {
    return keyCount.get();
  }

  /** Calls of keys beyond the cap: not judged on latency. */
  public long overflowCalls() {
    return overflowCalls.get();
  }

  public AnomalySettings settings() {
    return settings;
  }
}
