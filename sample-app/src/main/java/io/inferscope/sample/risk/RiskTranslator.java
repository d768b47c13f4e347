package io.inferscope.sample.risk;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;

/**
 * Pre-processing normalises each transaction with its customer's profile and makes one
 * [rows, features] tensor; post-processing turns each row's scores into the label of the highest.
 * A request is already a batch, so DJL's batchifier is not used.
 */
final class RiskTranslator implements NoBatchifyTranslator<Transactions, String[]> {
  static final String[] LABELS = {"approve", "review", "decline"};

  private final CustomerProfiles profiles;

  RiskTranslator(CustomerProfiles profiles) {
    this.profiles = profiles;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Transactions input) throws InterruptedException {
    float[][] rows = input.rows();
    int width = rows[0].length;
    CustomerProfiles.Profile profile = profiles.lookup(input.customer(), width);
    float[] flat = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < width; c++) {
        flat[r * width + c] = (rows[r][c] - profile.mean()[c]) / profile.scale()[c];
      }
    }
    NDArray tensor = ctx.getNDManager().create(flat, new Shape(rows.length, width));
    return new NDList(tensor);
  }

  @Override
  public String[] processOutput(TranslatorContext ctx, NDList list) {
    NDArray scores = list.singletonOrThrow();
    int rows = (int) scores.getShape().get(0);
    float[] flat = scores.toFloatArray();
    int classes = flat.length / rows;
    String[] labels = new String[rows];
    for (int r = 0; r < rows; r++) {
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (flat[r * classes + k] > flat[r * classes + best]) {
          best = k;
        }
      }
      labels[r] = best < LABELS.length ? LABELS[best] : "class-" + best;
    }
    return labels;
  }
}
