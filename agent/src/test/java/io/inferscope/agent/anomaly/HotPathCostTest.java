package io.inferscope.agent.anomaly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Allocation and cost checks. Allocation is asserted (zero bytes per judge once a key is warm); time is
 * only printed: a timed assertion would be flaky on a shared 2-core machine (the JMH benchmark measures).
 */
class HotPathCostTest {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int N = 1 << 12;

  private static double[] latencies(double median) {
    SplittableRandom r = new SplittableRandom(3);
    double[] x = new double[N];
    for (int i = 0; i < N; i++) {
      // 1 % spikes, so the flagged path (and its level-shift check) is exercised too.
      x[i] = i % 100 == 99 ? median * 20 : SyntheticLatency.logNormal(r, median, 0.25);
    }
    return x;
  }

  @Test
  void judgingAWarmKeyAllocatesNothing() {
    AnomalyDetector d = new AnomalyDetector(AnomalySettings.defaults());
    AnomalyKey model = new AnomalyKey("m", "run", false);
    AnomalyKey chat = new AnomalyKey("llm", "chat", true);
    AnomalyKey batch = new AnomalyKey("llm", "chat", false);
    AnomalyKey sized = new AnomalyKey("m", "run-batched", false);
    double[] x = latencies(0.02);
    Verdict v = new Verdict();
    for (int round = 0; round < 2; round++) { // the second round runs compiled code
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < 200_000; i++) {
        double t = x[i & (N - 1)];
        d.judge(model, t, Double.NaN, -1, i % 1000 == 0, v);
        d.judge(chat, t * 200, t * 10, 200, false, v);
        d.judge(batch, t * 200, Double.NaN, 100 + (i & 255), false, v);
        d.judge(model, t, false); // thread-local verdict overload
        long items = 1 + (i & 1023);
        d.judge(sized, t * 0.1 + items * 0.0001, items, false); // a model call with a batch size
      }
      long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
      if (round == 1) {
        assertEquals(0, allocated, "bytes allocated by 1M judge calls");
      }
    }
  }

  @Test
  void memoryPerKeyIsUnderTwoKilobytes() {
    AnomalyDetector d = new AnomalyDetector(AnomalySettings.defaults().withMaxKeys(100_000));
    int keys = 2000;
    AnomalyKey[] model = new AnomalyKey[keys];
    AnomalyKey[] chat = new AnomalyKey[keys];
    for (int i = 0; i < keys; i++) {
      model[i] = new AnomalyKey("model-" + i, "run", false);
      chat[i] = new AnomalyKey("chat-" + i, "chat", true);
    }
    Verdict v = new Verdict();
    long before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < keys; i++) {
      d.judge(model[i], 0.02, Double.NaN, -1, false, v);
    }
    double modelKey = (THREADS.getCurrentThreadAllocatedBytes() - before) / (double) keys;
    before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < keys; i++) {
      d.judge(chat[i], 2.0, 0.3, 100, false, v);
    }
    double chatKey = (THREADS.getCurrentThreadAllocatedBytes() - before) / (double) keys;
    // A non-streamed LLM key creates its ratio baseline once its length model is warm: feed it 60 calls.
    int few = 200;
    AnomalyKey[] batch = new AnomalyKey[few];
    for (int i = 0; i < few; i++) {
      batch[i] = new AnomalyKey("batch-" + i, "chat", false);
    }
    before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < few; i++) {
      for (int c = 0; c < 60; c++) {
        d.judge(batch[i], 2.0 + c * 0.01, Double.NaN, 100 + c, false, v);
      }
    }
    double batchKey = (THREADS.getCurrentThreadAllocatedBytes() - before) / (double) few;
    // A model key judged for its batch size: the same size model and ratio baseline, fed batch sizes.
    AnomalyKey[] sized = new AnomalyKey[few];
    for (int i = 0; i < few; i++) {
      sized[i] = new AnomalyKey("sized-" + i, "run", false);
    }
    before = THREADS.getCurrentThreadAllocatedBytes();
    for (int i = 0; i < few; i++) {
      for (int c = 0; c < 60; c++) {
        d.judge(sized[i], 0.002 + c * 0.0001, Double.NaN, -1, 1 + c * 10L, false, v);
      }
    }
    double sizedKey = (THREADS.getCurrentThreadAllocatedBytes() - before) / (double) few;
    System.out.printf(Locale.ROOT, "memory per key (allocated, incl. map entry and resizing): model %.0f B,"
        + " streamed LLM %.0f B, non-streamed LLM %.0f B, model judged for batch size %.0f B%n", modelKey, chatKey,
        batchKey, sizedKey);
    assertTrue(modelKey <= 1200, "model key " + modelKey);
    assertTrue(chatKey <= 2048, "streamed LLM key (two baselines) " + chatKey);
    // Includes the length model's warm-up samples (~430 B), dropped once it is warm.
    assertTrue(batchKey <= 2048, "non-streamed LLM key (length model and one baseline) " + batchKey);
    assertTrue(sizedKey <= 2048, "model key judged for batch size (size model and one baseline) " + sizedKey);
  }

  /**
   * Not an assertion: prints ns per decision (single thread, warm key, 1 % spikes), without and with
   * asking for the score (computed lazily: one Math.log per quantity judged).
   */
  @Test
  void printNanosPerDecision() {
    AnomalyDetector d = new AnomalyDetector(AnomalySettings.defaults());
    AnomalyKey model = new AnomalyKey("m", "run", false);
    AnomalyKey chat = new AnomalyKey("llm", "chat", true);
    double[] x = latencies(0.02);
    Verdict v = new Verdict();
    long sink = 0;
    double scores = 0;
    int n = 2_000_000;
    double[] ns = new double[4];
    for (int round = 0; round < 5; round++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        sink += d.judge(model, x[i & (N - 1)], Double.NaN, -1, false, v).anomalous() ? 1 : 0;
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        double t = x[i & (N - 1)];
        sink += d.judge(chat, t * 200, t * 10, 200, false, v).anomalous() ? 1 : 0;
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        scores += d.judge(model, x[i & (N - 1)], Double.NaN, -1, false, v).score();
      }
      long t3 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        double t = x[i & (N - 1)];
        scores += d.judge(chat, t * 200, t * 10, 200, false, v).score();
      }
      long t4 = System.nanoTime();
      ns = new double[] {(t1 - t0) / (double) n, (t2 - t1) / (double) n, (t3 - t2) / (double) n,
          (t4 - t3) / (double) n};
    }
    System.out.printf(Locale.ROOT, "ns per decision: model key %.1f, streamed LLM key (ttft + per-token) %.1f;"
        + " with score(): %.1f, %.1f (%d flagged, %s)%n", ns[0], ns[1], ns[2], ns[3], sink, scores != 0);
  }
}
