package io.inferscope.tests.bench;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.inferscope.tests.apps.FloatTranslator;
import io.inferscope.tests.support.OnnxModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/**
 * One DJL {@code Predictor.predict} on the ONNX Runtime engine with the trivial matmul_relu model.
 * {@link BenchmarkMain} runs it with no agent, with the agent, and with only the agent's ONNX Runtime
 * instrumentation, so DJL's own share (its span, phase split and metrics) can be told apart.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DjlPredictBenchmark {
  private Path dir;
  private ZooModel<float[], float[]> model;
  private Predictor<float[], float[]> predictor;
  private final float[] input = {1f, 0.5f, -0.25f, 2f};

  @Setup(Level.Trial)
  public void setUp() throws IOException, ModelNotFoundException, MalformedModelException {
    dir = Files.createTempDirectory("inferscope-bench-djl");
    OnnxModels.matmulRelu(dir);
    model = Criteria.builder()
        .setTypes(float[].class, float[].class)
        .optModelPath(dir)
        .optModelName("matmul_relu")
        .optEngine("OnnxRuntime")
        // One intra-op thread, as in OrtRunBenchmark: no thread-pool hand-off jitter.
        .optOption("interOpNumThreads", "1")
        .optOption("intraOpNumThreads", "1")
        .optTranslator(new FloatTranslator())
        .build()
        .loadModel();
    predictor = model.newPredictor();
  }

  @Benchmark
  public float[] predict() throws TranslateException {
    return predictor.predict(input);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    predictor.close();
    model.close();
    Files.delete(dir.resolve(OnnxModels.MATMUL_RELU_FILE));
    Files.delete(dir);
  }
}
