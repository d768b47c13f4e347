package io.inferscope.sample;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

/**
 * An ordinary batch-scoring job on ONNX Runtime, with no agent-specific code: it loads a model and
 * scores requests of varying batch size. Usage: {@code ScoringApp MODEL_PATH [REQUESTS]}.
 */
public final class ScoringApp {
  private ScoringApp() {}

  public static void main(String[] args) throws OrtException {
    Path model = Path.of(args.length > 0 ? args[0] : "sample-app/models/scorer.onnx");
    int requests = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Random random = new Random(42);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long scored = 0;
    long start = System.nanoTime();
    try (OrtSession session = env.createSession(model.toString())) {
      for (int i = 0; i < requests; i++) {
        float[][] features = new float[1 + random.nextInt(8)][4];
        for (float[] row : features) {
          for (int j = 0; j < row.length; j++) {
            row[j] = (float) random.nextGaussian();
          }
        }
        try (OnnxTensor input = OnnxTensor.createTensor(env, features);
            OrtSession.Result result = session.run(Map.of("X", input))) {
          scored += ((float[][]) result.get(0).getValue()).length;
        }
      }
    }
    System.out.printf("scored %d rows in %d requests in %d ms%n", scored, requests, (System.nanoTime() - start) / 1_000_000);
  }
}
