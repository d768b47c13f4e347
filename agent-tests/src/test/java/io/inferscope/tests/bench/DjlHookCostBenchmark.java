package io.inferscope.tests.bench;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.nn.LambdaBlock;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
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
 * The DJL hooks' own cost per {@code Predictor.predict}, with nothing else in the call: an identity
 * block and a translator that makes no tensors, so the call is DJL's bookkeeping alone (a few µs,
 * steady) and no engine work blurs a difference of a hundred nanoseconds. {@link DjlPredictBenchmark}
 * measures the same hooks on a real model.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DjlHookCostBenchmark {
  private Model model;
  private Predictor<float[], float[]> predictor;
  private final float[] input = {1f, 0.5f, -0.25f, 2f};

  /** Hands the input through without touching the engine. */
  static final class PassThroughTranslator implements Translator<float[], float[]> {
    private float[] last;

    @Override
    public NDList processInput(TranslatorContext ctx, float[] in) {
      last = in;
      return new NDList(0);
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
      return last;
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }

  @Setup(Level.Trial)
  public void setUp() {
    model = Model.newInstance("identity", "OnnxRuntime");
    model.setBlock(new LambdaBlock(list -> list));
    predictor = model.newPredictor(new PassThroughTranslator());
  }

  @Benchmark
  public float[] predict() throws TranslateException {
    return predictor.predict(input);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    predictor.close();
    model.close();
  }
}
