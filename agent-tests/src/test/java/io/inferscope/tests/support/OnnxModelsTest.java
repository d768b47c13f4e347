package io.inferscope.tests.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks that the hand-encoded model is a valid ONNX model that computes what {@code expected} says. */
class OnnxModelsTest {
  private static final float[][] X = {{1, 2, 3, 4}, {-1, 0.5f, 2, -3}};

  @Test
  void expectedIsReluOfTheMatrixProduct() {
    // Worked out by hand from the weights; the zeros are negative sums clipped by Relu.
    assertArrayEquals(new float[] {0, 5.5f, 1.5f, 7.375f, 0, 0}, OnnxModels.expected(X));
  }

  @Test
  void onnxRuntimeRunsMatmulReluWithASymbolicBatch(@TempDir Path dir) throws Exception {
    Path model = OnnxModels.matmulRelu(dir);
    assertArrayEquals(OnnxModels.matmulReluBytes(), Files.readAllBytes(model));

    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = environment.createSession(model.toString(), options);
        OnnxTensor input = OnnxTensor.createTensor(environment, X);
        OrtSession.Result result = session.run(Map.of("X", input))) {
      TensorInfo inputInfo = (TensorInfo) session.getInputInfo().get("X").getInfo();
      assertArrayEquals(new long[] {-1, OnnxModels.INPUT_WIDTH}, inputInfo.getShape());
      assertArrayEquals(new String[] {"N", ""}, inputInfo.getDimensionNames());

      float[][] output = (float[][]) result.get(0).getValue();
      float[] flattened = new float[X.length * OnnxModels.OUTPUT_WIDTH];
      for (int row = 0; row < output.length; row++) {
        System.arraycopy(output[row], 0, flattened, row * OnnxModels.OUTPUT_WIDTH, OnnxModels.OUTPUT_WIDTH);
      }
      assertArrayEquals(OnnxModels.expected(X), flattened, 1e-5f);
    }
  }
}
