package io.inferscope.tests.apps;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;

/**
 * A plain ONNX Runtime scoring loop whose traffic shifts, for the drift tests: {@code classifier.onnx}
 * (OnnxModels.classifier) is fed batches of rows drawn from one seeded distribution, then, after a pause,
 * from a shifted one (feature 0 moved up by {@code SHIFT}), then pauses again so the last metric exports
 * see the end state. No agent-specific code.
 *
 * <p>Usage: {@code OrtDriftApp MODEL STABLE_CALLS SHIFTED_CALLS BATCH PAUSE_MS}. Prints
 * {@code phase=...} lines and, per phase, the share of rows predicted as each class.
 */
public final class OrtDriftApp {
  static final float SHIFT = 3f;

  private OrtDriftApp() {}

  public static void main(String[] args) throws Exception {
    String model = args[0];
    int stable = Integer.parseInt(args[1]);
    int shifted = Integer.parseInt(args[2]);
    int batch = Integer.parseInt(args[3]);
    long pauseMs = Long.parseLong(args[4]);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Random random = new Random(42);
    try (OrtSession session = env.createSession(model, new OrtSession.SessionOptions())) {
      run(env, session, random, stable, batch, 0f, "stable");
      Thread.sleep(pauseMs);
      run(env, session, random, shifted, batch, SHIFT, "shifted");
      Thread.sleep(pauseMs);
    }
  }

  private static void run(OrtEnvironment env, OrtSession session, Random random, int calls, int batch, float shift, String phase)
      throws Exception {
    long[] perClass = new long[3];
    float[] rows = new float[batch * 4];
    for (int call = 0; call < calls; call++) {
      for (int i = 0; i < rows.length; i++) {
        rows[i] = (float) random.nextGaussian() + (i % 4 == 0 ? shift : 0f);
      }
      try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {batch, 4});
          OrtSession.Result result = session.run(Map.of("X", x))) {
        long[] labels = (long[]) result.get("label").orElseThrow().getValue();
        for (long label : labels) {
          perClass[(int) label]++;
        }
      }
    }
    long total = (long) calls * batch;
    System.out.printf("phase=%s calls=%d class0=%.3f class1=%.3f class2=%.3f%n", phase, calls,
        perClass[0] / (double) total, perClass[1] / (double) total, perClass[2] / (double) total);
  }
}
