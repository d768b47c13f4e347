package io.inferscope.agent.anomaly;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The detector's cost per span, as the sampler will pay it at span end: one decision on a warm key
 * (a model key judged on duration, a model key judged for its batch size (1..30 000 items,
 * log-uniform), a streamed LLM key judged on time to first chunk and per-token time). Latencies come
 * from a pre-drawn log-normal series with 1% spikes, so drawing them costs nothing in the loop. Run
 * with JMH's {@code -prof gc} to see allocation per operation (zero expected).
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class AnomalyDecisionBenchmark {
  private static final int SERIES = 1 << 16;
  private final AnomalyDetector detector = new AnomalyDetector(AnomalySettings.defaults());
  private final AnomalyKey model = new AnomalyKey("scorer", "predict", false);
  private final AnomalyKey chat = new AnomalyKey("gpt-4o-mini", "chat", true);
  private final AnomalyKey batched = new AnomalyKey("scorer", "predict-batched", false);
  private final double[] batchLatency = new double[SERIES];
  private final long[] items = new long[SERIES];
  private final double[] latency = new double[SERIES];
  private final double[] ttft = new double[SERIES];
  private final long[] tokens = new long[SERIES];
  private int next;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    for (int i = 0; i < SERIES; i++) {
      double spike = random.nextDouble() < 0.01 ? 5 : 1;
      latency[i] = 0.004 * Math.exp(0.2 * random.nextGaussian()) * spike;
      ttft[i] = 0.3 * Math.exp(0.2 * random.nextGaussian()) * spike;
      tokens[i] = 50 + random.nextInt(400);
      items[i] = Math.round(Math.exp(Math.log(30_000) * random.nextDouble()));
      batchLatency[i] = (0.002 + 0.000_010 * items[i]) * Math.exp(0.2 * random.nextGaussian()) * spike;
    }
    for (int i = 0; i < 5_000; i++) {
      modelKey();
      batchedModelKey();
      streamedLlmKey();
    }
  }

  @Benchmark
  public boolean modelKey() {
    int i = next++ & (SERIES - 1);
    return detector.judge(model, latency[i], false).anomalous();
  }

  @Benchmark
  public boolean batchedModelKey() {
    int i = next++ & (SERIES - 1);
    return detector.judge(batched, batchLatency[i], items[i], false).anomalous();
  }

  @Benchmark
  public boolean streamedLlmKey() {
    int i = next++ & (SERIES - 1);
    return detector.judge(chat, ttft[i] + tokens[i] * 0.02, ttft[i], tokens[i], false).anomalous();
  }
}
