package io.inferscope.agent.drift;

import io.inferscope.agent.anomaly.AnomalyKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.FloatBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What watching a model for drift costs per prediction, as the hooks will pay it: the sampling gate when
 * it skips (the cost every unsampled prediction pays), and one sampled observation on a warm summary
 * (reference complete, PSI every 100 observations amortised in) of a 1,000-class score vector, of a
 * scalar, of a batch of 16 scalars read from a FloatBuffer and of a 32-feature input row, with the
 * {@code ml.prediction.score} histogram of a real SDK where the summary records it (the {@code *NoMetrics}
 * variants leave the histogram out: the summary's own share). Run with JMH's
 * {@code -prof gc} to see allocation per operation (zero expected). The {@code shared*} benchmarks run two
 * threads on one gate or one summary: the cost of contention, and (printed at the end) how many
 * observations the try-lock skipped.
 *
 * <p>Run: {@code agent-tests/bench.sh -Dbench.suite=drift}, or in agent/: {@code mvn -B -ntp -o -q
 * test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
 * && java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.openjdk.jmh.Main
 * DriftObserveBenchmark -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DriftObserveBenchmark {
  private static final int SERIES = 1 << 16;
  private static final int VECTORS = 64;
  private static final int CLASSES = 1000;

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final DriftMetrics metrics = new DriftMetrics(provider.get("bench"), DriftSettings.defaults(), null);
  private final SamplingGate skipping = new SamplingGate(1_000_000);
  private final SamplingGate oneInTen = new SamplingGate(10);
  private final ClassOutputSummary classes = metrics.classOutput(owner("resnet"), "probs");
  private final ScalarOutputSummary scalar = metrics.scalarOutput(owner("price"), "y");
  private final ScalarOutputSummary batchScalar = metrics.scalarOutput(owner("price"), "batch");
  private final TabularInputSummary input = metrics.tabularInput(owner("churn"), "features", 32);
  /** The same work without the SDK histogram: what the summary itself costs. */
  private final ClassOutputSummary classesAlone = new ClassOutputSummary("resnet", "probs", DriftSettings.defaults(), null);
  private final ScalarOutputSummary scalarAlone = new ScalarOutputSummary("price", "y", DriftSettings.defaults(), null);
  private final float[] vectors = new float[VECTORS * CLASSES];
  private final double[] values = new double[SERIES];
  private final float[] rows = new float[SERIES * 32 / 64];
  private final FloatBuffer batch = FloatBuffer.wrap(new float[1024]);
  private int next;

  /** One gate and one summary shared by the threads of the shared* benchmarks. */
  @State(Scope.Benchmark)
  public static class Shared {
    final SamplingGate gate = new SamplingGate(10);
    final ScalarOutputSummary summary = new ScalarOutputSummary("m", "y", DriftSettings.defaults(), null);
    /** The alternative gate design: a counter every inference thread writes. */
    int counter;

    @Setup
    public void warm() {
      Random random = new Random(1);
      for (int i = 0; i < 5_000; i++) {
        summary.observe(random.nextGaussian());
      }
    }

    @TearDown(Level.Trial)
    public void report() {
      System.out.printf("%nshared summary: %d observations, %d skipped as busy (%.2f %%)%n", summary.observations(),
          summary.busySkips(), 100.0 * summary.busySkips() / (summary.observations() + summary.busySkips()));
    }
  }

  @Setup
  public void setUp() {
    Random random = new Random(42);
    for (int v = 0; v < VECTORS; v++) {
      int predicted = random.nextInt(30) * 33; // 30 classes in use, spread over the 1000
      for (int c = 0; c < CLASSES; c++) {
        vectors[v * CLASSES + c] = random.nextFloat() * 0.5f;
      }
      vectors[v * CLASSES + predicted] = 0.6f + 0.4f * random.nextFloat();
    }
    for (int i = 0; i < SERIES; i++) {
      values[i] = 100 * Math.exp(0.3 * random.nextGaussian());
    }
    for (int i = 0; i < rows.length; i++) {
      rows[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < batch.capacity(); i++) {
      batch.put(i, (float) values[i]);
    }
    for (int i = 0; i < 5_000; i++) {
      classVector1000();
      classVector1000NoMetrics();
      scalar();
      scalarNoMetrics();
      batchOf16Scalars();
      inputRow32Features();
    }
  }

  @TearDown
  public void close() {
    provider.close();
  }

  @Benchmark
  public boolean gateSkipped() {
    return skipping.inspect();
  }

  @Benchmark
  public boolean gateOneInTen() {
    return oneInTen.inspect();
  }

  @Benchmark
  public void classVector1000() {
    int v = next++ & (VECTORS - 1);
    classes.observeRow(vectors, v * CLASSES, CLASSES);
  }

  @Benchmark
  public void classVector1000NoMetrics() {
    int v = next++ & (VECTORS - 1);
    classesAlone.observeRow(vectors, v * CLASSES, CLASSES);
  }

  @Benchmark
  public void scalarNoMetrics() {
    scalarAlone.observe(values[next++ & (SERIES - 1)]);
  }

  @Benchmark
  public void scalar() {
    scalar.observe(values[next++ & (SERIES - 1)]);
  }

  @Benchmark
  public void batchOf16Scalars() {
    batchScalar.observeBatch(batch);
  }

  @Benchmark
  public void inputRow32Features() {
    int r = next++ & (rows.length / 32 - 1);
    input.observeRow(rows, r * 32, 32);
  }

  @Benchmark
  @Threads(2)
  public boolean sharedRandomGate(Shared shared) {
    return shared.gate.inspect();
  }

  @Benchmark
  @Threads(2)
  public boolean sharedCounterGate(Shared shared) {
    return ++shared.counter % 10 == 0;
  }

  @Benchmark
  @Threads(2)
  public void sharedScalarSummary(Shared shared) {
    shared.summary.observe(values[next++ & (SERIES - 1)]);
  }

  static AnomalyKey owner(String model) {
    return new AnomalyKey("test", model, "predict", false);
  }
}
