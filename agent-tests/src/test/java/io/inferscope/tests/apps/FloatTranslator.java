package io.inferscope.tests.apps;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One float vector in, one float vector out; both test models take float[N, 4] and return
 * float[N, 3].
 *
 * <p>DJL's {@code predict} runs through {@code batchPredict}, which uses the batch methods whenever
 * the batchifier is not null. Stacking by the default batchifier needs NDArray operations the ONNX
 * Runtime engine lacks without a second engine, so the batch methods are overridden to build the
 * [N, 4] tensor and split the [N, 3] result directly, which works on every engine.
 */
public final class FloatTranslator implements Translator<float[], float[]> {

  @Override
  public NDList processInput(TranslatorContext ctx, float[] input) {
    return batchProcessInput(ctx, List.of(input));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    return list.singletonOrThrow().toFloatArray();
  }

  @Override
  public NDList batchProcessInput(TranslatorContext ctx, List<float[]> inputs) {
    int width = inputs.get(0).length;
    float[] flat = new float[inputs.size() * width];
    for (int i = 0; i < inputs.size(); i++) {
      System.arraycopy(inputs.get(i), 0, flat, i * width, width);
    }
    NDArray array = ctx.getNDManager().create(flat, new Shape(inputs.size(), width));
    array.setName("X");
    return new NDList(array);
  }

  @Override
  public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
    NDArray output = list.singletonOrThrow();
    int rows = (int) output.getShape().get(0);
    float[] flat = output.toFloatArray();
    int width = flat.length / rows;
    List<float[]> result = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      result.add(Arrays.copyOfRange(flat, i * width, (i + 1) * width));
    }
    return result;
  }

  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }
}
