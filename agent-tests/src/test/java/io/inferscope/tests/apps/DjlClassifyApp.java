package io.inferscope.tests.apps;

import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A plain DJL classification service whose traffic shifts, for the drift tests: {@code classifier.onnx}
 * (OnnxModels.classifier) on the ONNX Runtime engine behind a translator that returns {@link Classifications}
 * with class names, fed single predictions from a seeded distribution, then from one whose first feature
 * moved up by 3. No agent-specific code.
 *
 * <p>Usage: {@code DjlClassifyApp MODEL_DIR STABLE_CALLS SHIFTED_CALLS PAUSE_MS}.
 */
public final class DjlClassifyApp {
  static final List<String> CLASSES = List.of("setosa", "versicolor", "virginica");

  private DjlClassifyApp() {}

  /** float[4] in, the model's class probabilities out as named Classifications. */
  static final class ClassesTranslator implements Translator<float[], Classifications> {
    @Override
    public NDList processInput(TranslatorContext ctx, float[] input) {
      NDArray array = ctx.getNDManager().create(input, new Shape(1, input.length));
      array.setName("X");
      return new NDList(array);
    }

    @Override
    public Classifications processOutput(TranslatorContext ctx, NDList list) {
      // The ONNX Runtime engine has no NDArray indexing; the [1, 3] probabilities are read whole.
      float[] probabilities = list.get(0).toFloatArray();
      List<Double> values = new ArrayList<>(probabilities.length);
      for (float p : probabilities) {
        values.add((double) p);
      }
      return new Classifications(CLASSES, values);
    }

    @Override
    public Batchifier getBatchifier() {
      return null;
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int stable = Integer.parseInt(args[1]);
    int shifted = Integer.parseInt(args[2]);
    long pauseMs = Long.parseLong(args[3]);
    Criteria<float[], Classifications> criteria = Criteria.builder()
        .setTypes(float[].class, Classifications.class)
        .optModelPath(dir).optModelName("classifier").optEngine("OnnxRuntime")
        .optTranslator(new ClassesTranslator()).build();
    Random random = new Random(7);
    try (ZooModel<float[], Classifications> model = criteria.loadModel();
        Predictor<float[], Classifications> predictor = model.newPredictor()) {
      run(predictor, random, stable, 0f, "stable");
      Thread.sleep(pauseMs);
      run(predictor, random, shifted, 3f, "shifted");
      Thread.sleep(pauseMs);
    }
  }

  private static void run(Predictor<float[], Classifications> predictor, Random random, int calls, float shift, String phase)
      throws Exception {
    int[] best = new int[CLASSES.size()];
    for (int call = 0; call < calls; call++) {
      float[] x = new float[4];
      for (int i = 0; i < 4; i++) {
        x[i] = (float) random.nextGaussian() + (i == 0 ? shift : 0f);
      }
      best[CLASSES.indexOf(predictor.predict(x).best().getClassName())]++;
    }
    System.out.printf("phase=%s calls=%d setosa=%d versicolor=%d virginica=%d%n", phase, calls, best[0], best[1], best[2]);
  }
}
