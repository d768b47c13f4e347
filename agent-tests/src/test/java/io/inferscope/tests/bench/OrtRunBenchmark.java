package io.inferscope.tests.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.inferscope.tests.support.OnnxModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One {@code OrtSession.run} on a model so small that ONNX Runtime itself takes only microseconds,
 * which makes whatever the agent adds around the call stand out. {@link BenchmarkMain} runs it
 * with and without the agent; on its own it measures plain ONNX Runtime.
 *
 * <p>AverageTime gives the mean with its error; SampleTime times individual calls for percentiles.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OrtRunBenchmark {
  private Path dir;
  private OrtSession session;
  private OnnxTensor input;
  private Map<String, OnnxTensor> inputs;

  @Setup(Level.Trial)
  public void setUp() throws IOException, OrtException {
    dir = Files.createTempDirectory("inferscope-bench");
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    // One intra-op thread: ONNX Runtime then runs on the calling thread, without the thread-pool
    // hand-off whose microsecond jitter would otherwise hide differences of a hundred nanoseconds.
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    session = env.createSession(OnnxModels.matmulRelu(dir).toString(), options);
    input = OnnxTensor.createTensor(env, new float[][] {{1f, 0.5f, -0.25f, 2f}});
    inputs = Map.of("X", input);
  }

  /** The output stays native: copying it into Java arrays is work the agent does not touch. */
  @Benchmark
  public void run(Blackhole blackhole) throws OrtException {
    try (OrtSession.Result result = session.run(inputs)) {
      blackhole.consume(result.get(0));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException, OrtException {
    input.close();
    session.close();
    Files.delete(dir.resolve(OnnxModels.MATMUL_RELU_FILE));
    Files.delete(dir);
  }
}
