package io.inferscope.tests.apps;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelZoo;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.initializer.Initializer;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain DJL application with no agent-specific code, run in forked JVMs by the DJL tests.
 *
 * <p>Usage: {@code DjlApp ENGINE MODE MODEL_DIR [args]} with ENGINE {@code OnnxRuntime} (MODEL_DIR
 * holds {@code matmul_relu.onnx}) or {@code PyTorch} (MODEL_DIR holds the parameters written by
 * {@code DjlApp prepare-pytorch MODEL_DIR}); {@code batch} loads through {@code ModelZoo.loadModel}, the
 * other modes through {@code Criteria.loadModel}. Both models compute Y = Relu(X · W) with the same
 * float[4, 3] W, so both engines give the same outputs. It prints what it observed as
 * {@code key=value} lines.
 */
public final class DjlApp {
  public static final String ORT_MODEL = "matmul_relu";
  public static final String PYTORCH_MODEL = "linear_relu";

  /** The weights of OnnxModels.matmulRelu, as [input][output]. */
  private static final float[][] W = {
      {0.5f, -1.0f, 2.0f},
      {-0.25f, 0.75f, -1.5f},
      {1.0f, 0.0f, 0.5f},
      {-2.0f, 1.25f, 0.25f},
  };

  private DjlApp() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("prepare-pytorch")) {
      preparePyTorch(Path.of(args[1]));
      return;
    }
    String engine = args[0];
    String mode = args[1];
    Path dir = Path.of(args[2]);
    switch (mode) {
      case "predict" -> predict(engine, dir);
      case "batch" -> batch(engine, dir, Integer.parseInt(args[3]));
      case "spikes" -> spikes(engine, dir, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "fail" -> fail(engine, dir);
      case "threads" -> threads(engine, dir, Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "load-missing" -> loadMissing(engine, dir);
      case "load-malformed" -> loadMalformed(engine, dir);
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /** The model's block: Linear(4 → 3) then Relu. */
  static Block linearRelu() {
    return new SequentialBlock().add(Linear.builder().setUnits(3).build()).add(Activation.reluBlock());
  }

  /** Writes {@value #PYTORCH_MODEL}-0000.params into {@code dir}: Linear weights W (transposed), bias 0. */
  static void preparePyTorch(Path dir) throws Exception {
    Files.createDirectories(dir);
    float[] weight = new float[3 * 4];
    for (int out = 0; out < 3; out++) {
      for (int in = 0; in < 4; in++) {
        weight[out * 4 + in] = W[in][out];
      }
    }
    try (Model model = Model.newInstance(PYTORCH_MODEL, "PyTorch")) {
      Block block = linearRelu();
      block.setInitializer((manager, shape, dataType) -> manager.create(weight, shape), Parameter.Type.WEIGHT);
      block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
      model.setBlock(block);
      block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 4));
      model.save(dir, PYTORCH_MODEL);
    }
    try (var files = Files.list(dir)) {
      files.forEach(file -> System.out.println("saved=" + file.getFileName()));
    }
  }

  static String modelName(String engine) {
    return engine.equals("PyTorch") ? PYTORCH_MODEL : ORT_MODEL;
  }

  static Criteria<float[], float[]> criteria(String engine, Path dir, String modelName, Translator<float[], float[]> translator) {
    Criteria.Builder<float[], float[]> builder = Criteria.builder()
        .setTypes(float[].class, float[].class)
        .optModelPath(dir)
        .optModelName(modelName)
        .optEngine(engine)
        .optTranslator(translator);
    if (engine.equals("PyTorch")) {
      builder.optBlock(linearRelu());
    }
    return builder.build();
  }

  static ZooModel<float[], float[]> load(String engine, Path dir) throws Exception {
    return loaded(criteria(engine, dir, modelName(engine), new FloatTranslator()).loadModel());
  }

  /** The other documented way to load: {@code ModelZoo.loadModel(criteria)}. */
  static ZooModel<float[], float[]> loadThroughModelZoo(String engine, Path dir) throws Exception {
    return loaded(ModelZoo.loadModel(criteria(engine, dir, modelName(engine), new FloatTranslator())));
  }

  private static ZooModel<float[], float[]> loaded(ZooModel<float[], float[]> model) {
    System.out.println("engine=" + model.getNDManager().getEngine().getEngineName());
    System.out.println("djl.version=" + Engine.getDjlVersion());
    System.out.println("loader=" + loaderName(ZooModel.class.getClassLoader()));
    return model;
  }

  static String loaderName(ClassLoader loader) {
    return loader == null ? "bootstrap" : loader.getName();
  }

  static float[] input(int row) {
    float[] x = new float[4];
    for (int j = 0; j < 4; j++) {
      x[j] = row + j * 0.5f - 1;
    }
    return x;
  }

  static String join(float[] values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ",").append(values[i]);
    }
    return out.toString();
  }

  private static void predict(String engine, Path dir) throws Exception {
    try (ZooModel<float[], float[]> model = load(engine, dir);
        Predictor<float[], float[]> predictor = model.newPredictor()) {
      float[] output = predictor.predict(new float[] {1, 2, 3, 4});
      System.out.println("output=" + join(output));
    }
  }

  private static void batch(String engine, Path dir, int n) throws Exception {
    try (ZooModel<float[], float[]> model = loadThroughModelZoo(engine, dir);
        Predictor<float[], float[]> predictor = model.newPredictor()) {
      List<float[]> inputs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        inputs.add(input(i));
      }
      List<float[]> outputs = predictor.batchPredict(inputs);
      for (int i = 0; i < outputs.size(); i++) {
        System.out.println("output." + i + "=" + join(outputs.get(i)));
      }
      System.out.println("outputs=" + outputs.size());
    }
  }

  /**
   * {@code runs} batch predictions of one item, except every {@code every}-th after the first 150 (past
   * the detector's warm-up), which predicts two and is slow: its pre-processing pauses (see
   * {@link PausingTranslator}) while the engine run inside it stays normal.
   */
  private static void spikes(String engine, Path dir, int runs, int every) throws Exception {
    List<float[]> one = List.of(input(0));
    List<float[]> many = List.of(input(0), input(1));
    int slow = 0;
    try (ZooModel<float[], float[]> model = load(engine, dir);
        Predictor<float[], float[]> predictor = model.newPredictor(new PausingTranslator())) {
      for (int i = 0; i < runs; i++) {
        boolean spike = i >= 150 && i % every == 0;
        slow += spike ? 1 : 0;
        predictor.batchPredict(spike ? many : one);
      }
    }
    System.out.println("slow=" + slow);
    System.out.println("normal=" + (runs - slow));
  }

  private static void fail(String engine, Path dir) throws Exception {
    try (ZooModel<float[], float[]> model = load(engine, dir);
        Predictor<float[], float[]> predictor = model.newPredictor(new FailingTranslator())) {
      try {
        predictor.predict(new float[] {1, 2, 3, 4});
        System.out.println("caught=nothing");
      } catch (TranslateException e) {
        System.out.println("caught=" + e.getClass().getName());
        System.out.println("message=" + e.getMessage());
        System.out.println("cause=" + (e.getCause() == null ? "null" : e.getCause().getClass().getName()));
      }
    }
  }

  private static void threads(String engine, Path dir, int threads, int runs) throws Exception {
    AtomicInteger done = new AtomicInteger();
    try (ZooModel<float[], float[]> model = load(engine, dir)) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          try (Predictor<float[], float[]> predictor = model.newPredictor()) {
            start.await();
            for (int r = 0; r < runs; r++) {
              predictor.predict(input(thread + r % 3));
              done.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
    }
    System.out.println("runs=" + done.get());
  }

  private static void loadMissing(String engine, Path dir) {
    try {
      criteria(engine, dir.resolve("nope"), modelName(engine), new FloatTranslator()).loadModel().close();
      System.out.println("caught=nothing");
    } catch (Exception e) {
      printCaught(e);
    }
  }

  /** A directory whose model.onnx is not a model. */
  private static void loadMalformed(String engine, Path dir) throws Exception {
    Path malformed = dir.resolve("malformed");
    Files.createDirectories(malformed);
    Files.write(malformed.resolve("model.onnx"), "this is not an ONNX model".getBytes(StandardCharsets.UTF_8));
    try {
      criteria(engine, malformed, "model", new FloatTranslator()).loadModel().close();
      System.out.println("caught=nothing");
    } catch (Exception e) {
      printCaught(e);
    }
  }

  private static void printCaught(Exception e) {
    System.out.println("caught=" + e.getClass().getName());
    System.out.println("message=" + String.valueOf(e.getMessage()).replace('\n', ' '));
    System.out.println("cause=" + (e.getCause() == null ? "null" : e.getCause().getClass().getName()));
  }
}
