package io.inferscope.tests.apps;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.Arrays;

/** A translator whose pre-processing rejects every input, as a validating translator would. */
public final class FailingTranslator implements Translator<float[], float[]> {

  @Override
  public NDList processInput(TranslatorContext ctx, float[] input) throws TranslateException {
    throw new TranslateException("bad input: " + Arrays.toString(input));
  }

  @Override
  public float[] processOutput(TranslatorContext ctx, NDList list) {
    return list.singletonOrThrow().toFloatArray();
  }

  @Override
  public Batchifier getBatchifier() {
    return Batchifier.STACK;
  }
}
