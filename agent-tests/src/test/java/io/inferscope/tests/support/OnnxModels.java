package io.inferscope.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real ONNX models written byte by byte, so inference tests run ONNX Runtime on a genuine model
 * without downloading one.
 */
public final class OnnxModels {
  public static final String MATMUL_RELU_FILE = "matmul_relu.onnx";
  public static final int INPUT_WIDTH = 4;
  public static final int OUTPUT_WIDTH = 3;

  /**
   * Weights of {@code matmul_relu}. Multiples of 1/4, so for inputs with few fractional bits the
   * products and sums are exact in float and the result does not depend on summation order.
   * Mixed signs make Relu clip some outputs.
   */
  private static final float[][] W = {
      {0.5f, -1.0f, 2.0f},
      {-0.25f, 0.75f, -1.5f},
      {1.0f, 0.0f, 0.5f},
      {-2.0f, 1.25f, 0.25f},
  };

  private static final int IR_VERSION = 8;
  private static final int OPSET_VERSION = 13;
  /** TensorProto.DataType.FLOAT. */
  private static final int FLOAT = 1;
  /** TensorProto.DataType.INT64. */
  private static final int INT64 = 7;

  private OnnxModels() {}

  /**
   * Writes {@value #MATMUL_RELU_FILE} into {@code dir}: Y = Relu(X · W) for X float[N, 4] with
   * symbolic batch dimension N, W a float[4, 3] initializer, Y float[N, 3].
   */
  public static Path matmulRelu(Path dir) {
    return write(dir.resolve(MATMUL_RELU_FILE), matmulReluBytes());
  }

  /**
   * The bytes of {@link #matmulRelu}: ModelProto{ir_version=1, producer_name=2, graph=7, opset_import=8},
   * GraphProto{node=1, name=2, initializer=5, input=11, output=12}, OperatorSetIdProto{domain=1, version=2}.
   */
  public static byte[] matmulReluBytes() {
    ProtoWriter graph = new ProtoWriter()
        .message(1, node("matmul", "MatMul", new String[] {"X", "W"}, "H"))
        .message(1, node("relu", "Relu", new String[] {"H"}, "Y"))
        .string(2, "matmul_relu")
        .message(5, weightsInitializer())
        .message(11, floatTensorValue("X", INPUT_WIDTH))
        .message(12, floatTensorValue("Y", OUTPUT_WIDTH));
    return model(graph);
  }

  /**
   * Writes {@code square_matmul.onnx} into {@code dir}: Y = X · X for X float[N, N]. Its cost grows with
   * N³, so one model has genuinely fast and genuinely slow runs (N = 4 against N = 1000).
   */
  public static Path squareMatmul(Path dir) {
    ProtoWriter graph = new ProtoWriter()
        .message(1, node("matmul", "MatMul", new String[] {"X", "X"}, "Y"))
        .string(2, "square_matmul")
        .message(11, floatTensorValue("X", null))
        .message(12, floatTensorValue("Y", null));
    return write(dir.resolve("square_matmul.onnx"), model(graph));
  }

  /**
   * Writes {@code classifier.onnx} into {@code dir}: a three-class classifier over four features, with the
   * three output kinds drift watches. For X float[N, 4]: {@code probs} = Softmax(X · W) float[N, 3] (class
   * probabilities), {@code label} = ArgMax(probs, axis 1) int64[N] (the predicted class, as scikit-learn
   * classifiers export it) and {@code confidence} = ReduceMax(probs, axis 1) float[N] (a scalar per item).
   * With W as in {@code matmul_relu}, inputs around 0 spread over the three classes and inputs with a large
   * first feature go to class 2.
   */
  public static Path classifier(Path dir) {
    ProtoWriter graph = new ProtoWriter()
        .message(1, node("matmul", "MatMul", new String[] {"X", "W"}, "H"))
        .message(1, node("softmax", "Softmax", new String[] {"H"}, "probs"))
        .message(1, node("argmax", "ArgMax", new String[] {"probs"}, "label").message(5, intAttribute("axis", 1)).message(5, intAttribute("keepdims", 0)))
        .message(1, node("max", "ReduceMax", new String[] {"probs"}, "confidence").message(5, intsAttribute("axes", 1)).message(5, intAttribute("keepdims", 0)))
        .string(2, "classifier")
        .message(5, weightsInitializer())
        .message(11, floatTensorValue("X", INPUT_WIDTH))
        .message(12, floatTensorValue("probs", OUTPUT_WIDTH))
        .message(12, batchVector("label", INT64))
        .message(12, batchVector("confidence", FLOAT));
    return write(dir.resolve("classifier.onnx"), model(graph));
  }

  /** AttributeProto{name=1, i=3, type=20 (INT=2)}. */
  private static ProtoWriter intAttribute(String name, long value) {
    return new ProtoWriter().string(1, name).varint(3, value).varint(20, 2);
  }

  /** AttributeProto{name=1, ints=8, type=20 (INTS=7)}. */
  private static ProtoWriter intsAttribute(String name, long value) {
    return new ProtoWriter().string(1, name).varint(8, value).varint(20, 7);
  }

  /** ValueInfoProto of a tensor of shape [N] and the given element type. */
  private static ProtoWriter batchVector(String name, int elementType) {
    ProtoWriter shape = new ProtoWriter().message(1, new ProtoWriter().string(2, "N"));
    ProtoWriter tensorType = new ProtoWriter().varint(1, elementType).message(2, shape);
    return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
  }

  /**
   * Writes {@code gram.onnx} into {@code dir}: Y = Xᵀ · X for X float[N, K], a batch of N items of K
   * features. Its cost grows with N·K², so at the same batch size a run can be genuinely fast (K = 4: ~20 us) or
   * genuinely slow (K = 4000: ~3 ms): slowness a detector judging for batch size must see.
   */
  public static Path gram(Path dir) {
    ProtoWriter graph = new ProtoWriter()
        .message(1, node("transpose", "Transpose", new String[] {"X"}, "XT"))
        .message(1, node("gram", "MatMul", new String[] {"XT", "X"}, "Y"))
        .string(2, "gram")
        .message(11, floatMatrixValue("X", "N", "K"))
        .message(12, floatMatrixValue("Y", "K", "K"));
    return write(dir.resolve("gram.onnx"), model(graph));
  }

  /** ModelProto{ir_version=1, producer_name=2, graph=7, opset_import=8} around a graph. */
  private static byte[] model(ProtoWriter graph) {
    return new ProtoWriter()
        .varint(1, IR_VERSION)
        .string(2, "inferscope-tests")
        .message(7, graph)
        .message(8, new ProtoWriter().string(1, "").varint(2, OPSET_VERSION))
        .toByteArray();
  }

  private static Path write(Path file, byte[] bytes) {
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
    return file;
  }

  /** What {@code matmul_relu} outputs for {@code x} (rows of 4), flattened row-major like ONNX Runtime's buffer. */
  public static float[] expected(float[][] x) {
    float[] y = new float[x.length * OUTPUT_WIDTH];
    for (int row = 0; row < x.length; row++) {
      if (x[row].length != INPUT_WIDTH) {
        throw new IllegalArgumentException(
            "row " + row + " has " + x[row].length + " values, expected " + INPUT_WIDTH);
      }
      for (int col = 0; col < OUTPUT_WIDTH; col++) {
        float sum = 0;
        for (int k = 0; k < INPUT_WIDTH; k++) {
          sum += x[row][k] * W[k][col];
        }
        y[row * OUTPUT_WIDTH + col] = Math.max(0, sum);
      }
    }
    return y;
  }

  /** NodeProto{input=1, output=2, name=3, op_type=4}. */
  private static ProtoWriter node(String name, String opType, String[] inputs, String output) {
    ProtoWriter node = new ProtoWriter();
    for (String input : inputs) {
      node.string(1, input);
    }
    return node.string(2, output).string(3, name).string(4, opType);
  }

  /** TensorProto{dims=1, data_type=2, float_data=4 (packed), name=8}. */
  private static ProtoWriter weightsInitializer() {
    float[] rowMajor = new float[INPUT_WIDTH * OUTPUT_WIDTH];
    for (int k = 0; k < INPUT_WIDTH; k++) {
      System.arraycopy(W[k], 0, rowMajor, k * OUTPUT_WIDTH, OUTPUT_WIDTH);
    }
    return new ProtoWriter()
        .varint(1, INPUT_WIDTH)
        .varint(1, OUTPUT_WIDTH)
        .varint(2, FLOAT)
        .packedFloats(4, rowMajor)
        .string(8, "W");
  }

  /**
   * ValueInfoProto{name=1, type=2} for a float tensor of shape [N, width] ([N, N] when width is null):
   * TypeProto{tensor_type=1}, TypeProto.Tensor{elem_type=1, shape=2}, TensorShapeProto{dim=1},
   * Dimension{dim_value=1, dim_param=2}.
   */
  private static ProtoWriter floatTensorValue(String name, Integer width) {
    ProtoWriter shape = new ProtoWriter()
        .message(1, new ProtoWriter().string(2, "N"))
        .message(1, width == null ? new ProtoWriter().string(2, "N") : new ProtoWriter().varint(1, width));
    ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
    return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
  }

  /** As {@link #floatTensorValue}, for a float tensor of shape [rows, columns], both symbolic. */
  private static ProtoWriter floatMatrixValue(String name, String rows, String columns) {
    ProtoWriter shape = new ProtoWriter()
        .message(1, new ProtoWriter().string(2, rows))
        .message(1, new ProtoWriter().string(2, columns));
    ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
    return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensorType));
  }
}
