package io.inferscope.tests.apps;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * {@link FloatTranslator} whose pre-processing pauses 50 ms for a batch of more than one item: a slow
 * prediction (think of a cold feature cache) whose engine run inside is itself normal.
 */
public final class PausingTranslator implements Translator<float[], float[]> {
  private final FloatTranslator delegate = new FloatTranslator();

  @Override
  public NDList processInput(TranslatorContext ctx, float[] input) {
    return delegate.processInput(ctx, input);
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    return delegate.processOutput(ctx, list);
  }

  @Override
  public NDList batchProcessInput(TranslatorContext ctx, List<float[]> inputs) {
    if (inputs.size() > 1) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return delegate.batchProcessInput(ctx, inputs);
  }

  @Override
  public List<float[]> batchProcessOutput(TranslatorContext ctx, NDList list) {
    return delegate.batchProcessOutput(ctx, list);
  }

  @Override
  public Batchifier getBatchifier() {
    return delegate.getBatchifier();
  }
}
