package io.inferscope.tests.apps;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.inferscope.tests.support.TensorProtoReader;
import io.inferscope.tests.support.TensorProtoReader.DataType;
import io.inferscope.tests.support.TensorProtoReader.Tensor;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plain ONNX Runtime application with no agent-specific code: runs models in the layout of the ONNX
 * backend test data ({@code model.onnx}, {@code test_data_set_0/input_N.pb}, {@code output_N.pb}) and
 * checks ONNX Runtime's outputs against the reference outputs.
 *
 * <p>Usage: {@code TestDataApp MODEL_DIR...}. Prints one line per model,
 * {@code model=<dir name> inputs=<n> ok=<true|false> maxdiff=<x>} (plus {@code reason=...} when not ok),
 * and exits with 0 only if every model matched.
 */
public final class TestDataApp {
  /** Relative and absolute tolerance for floating-point outputs, as in the ONNX backend tests. */
  static final double RTOL = 1e-3;
  static final double ATOL = 1e-3;

  private TestDataApp() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: TestDataApp MODEL_DIR...");
      System.exit(64);
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    boolean allOk = true;
    for (String arg : args) {
      Path dir = Path.of(arg);
      Outcome outcome;
      try {
        outcome = check(env, dir);
      } catch (Exception | LinkageError e) {
        outcome = new Outcome(count(dir.resolve("test_data_set_0"), "input_"), Double.NaN,
            e.getClass().getName() + ": " + firstLine(e.getMessage()));
      }
      allOk &= outcome.ok();
      System.out.println("model=" + dir.getFileName() + " inputs=" + outcome.inputs() + " ok=" + outcome.ok()
          + " maxdiff=" + outcome.maxDiff() + (outcome.ok() ? "" : " reason=" + outcome.reason()));
    }
    System.exit(allOk ? 0 : 1);
  }

  /** The result for one model; {@code reason} is null when every output matched. */
  record Outcome(int inputs, double maxDiff, String reason) {
    boolean ok() {
      return reason == null;
    }
  }

  static Outcome check(OrtEnvironment env, Path dir) throws OrtException {
    Path dataSet = dir.resolve("test_data_set_0");
    List<Tensor> inputs = readAll(dataSet, "input_");
    List<Tensor> expected = readAll(dataSet, "output_");
    try (OrtSession session = env.createSession(dir.resolve("model.onnx").toString())) {
      List<String> inputNames = new ArrayList<>(session.getInputNames());
      List<String> outputNames = new ArrayList<>(session.getOutputNames());
      // Insertion order: the inputs reach ONNX Runtime in the order of the input_N files.
      Map<String, OnnxTensor> feed = new LinkedHashMap<>();
      try {
        for (int i = 0; i < inputs.size(); i++) {
          Tensor input = inputs.get(i);
          String name = !input.name().isEmpty() ? input.name() : i < inputNames.size() ? inputNames.get(i) : "input_" + i;
          feed.put(name, toOnnx(env, input));
        }
        try (OrtSession.Result result = session.run(feed)) {
          double maxDiff = 0;
          List<String> problems = new ArrayList<>();
          for (int i = 0; i < expected.size(); i++) {
            Tensor want = expected.get(i);
            String name = !want.name().isEmpty() ? want.name() : i < outputNames.size() ? outputNames.get(i) : null;
            Optional<OnnxValue> got = name == null ? Optional.empty() : result.get(name);
            if (got.isEmpty()) {
              problems.add("output " + i + " (" + name + ") missing; outputs are " + outputNames);
              continue;
            }
            Comparison comparison = compare(want, got.get());
            maxDiff = Math.max(maxDiff, comparison.maxDiff());
            if (comparison.problem() != null) {
              problems.add("output " + name + ": " + comparison.problem());
            }
          }
          return new Outcome(inputs.size(), maxDiff, problems.isEmpty() ? null : String.join("; ", problems));
        }
      } finally {
        for (OnnxTensor tensor : feed.values()) {
          tensor.close();
        }
      }
    }
  }

  /** {@code prefix0.pb}, {@code prefix1.pb}, ... up to the first number missing. */
  private static List<Tensor> readAll(Path dataSet, String prefix) {
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < count(dataSet, prefix); i++) {
      tensors.add(TensorProtoReader.read(dataSet.resolve(prefix + i + ".pb")));
    }
    return tensors;
  }

  private static int count(Path dataSet, String prefix) {
    int n = 0;
    while (Files.exists(dataSet.resolve(prefix + n + ".pb"))) {
      n++;
    }
    return n;
  }

  static OnnxTensor toOnnx(OrtEnvironment env, Tensor tensor) throws OrtException {
    long[] shape = tensor.dims();
    return switch (tensor.type()) {
      case FLOAT -> OnnxTensor.createTensor(env, FloatBuffer.wrap((float[]) tensor.values()), shape);
      case DOUBLE -> OnnxTensor.createTensor(env, DoubleBuffer.wrap((double[]) tensor.values()), shape);
      case INT32 -> OnnxTensor.createTensor(env, IntBuffer.wrap((int[]) tensor.values()), shape);
      case INT64 -> OnnxTensor.createTensor(env, LongBuffer.wrap((long[]) tensor.values()), shape);
      case BOOL -> {
        boolean[] values = (boolean[]) tensor.values();
        ByteBuffer bytes = ByteBuffer.allocate(values.length);
        for (boolean value : values) {
          bytes.put((byte) (value ? 1 : 0));
        }
        yield OnnxTensor.createTensor(env, bytes.flip(), shape, OnnxJavaType.BOOL);
      }
    };
  }

  private record Comparison(double maxDiff, String problem) {}

  private static Comparison compare(Tensor want, OnnxValue value) {
    if (!(value instanceof OnnxTensor got)) {
      return new Comparison(0, "not a tensor but " + value.getType());
    }
    TensorInfo info = got.getInfo();
    if (!Arrays.equals(info.getShape(), want.dims())) {
      return new Comparison(0, "shape " + Arrays.toString(info.getShape()) + ", expected " + Arrays.toString(want.dims()));
    }
    DataType expectedType = want.type();
    OnnxJavaType gotType = info.type;
    if (!gotType.name().equals(expectedType.name())) {
      return new Comparison(0, "type " + gotType + ", expected " + expectedType);
    }
    Buffer gotValues = values(got, expectedType);
    int n = want.elementCount();
    double maxDiff = 0;
    int mismatches = 0;
    int firstMismatch = -1;
    for (int i = 0; i < n; i++) {
      boolean match;
      // The absolute difference; infinite for a mismatch that has no size (NaN, infinities, integers, booleans).
      double diff;
      switch (expectedType) {
        case FLOAT, DOUBLE -> {
          double expected = expectedType == DataType.FLOAT ? ((float[]) want.values())[i] : ((double[]) want.values())[i];
          double actual = expectedType == DataType.FLOAT ? ((FloatBuffer) gotValues).get(i) : ((DoubleBuffer) gotValues).get(i);
          if (Double.isNaN(expected) || Double.isNaN(actual)) {
            match = Double.isNaN(expected) && Double.isNaN(actual);
            diff = match ? 0 : Double.POSITIVE_INFINITY;
          } else if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            match = expected == actual;
            diff = match ? 0 : Double.POSITIVE_INFINITY;
          } else {
            diff = Math.abs(actual - expected);
            match = diff <= ATOL + RTOL * Math.abs(expected);
          }
        }
        case INT32 -> {
          match = ((int[]) want.values())[i] == ((IntBuffer) gotValues).get(i);
          diff = match ? 0 : Double.POSITIVE_INFINITY;
        }
        case INT64 -> {
          match = ((long[]) want.values())[i] == ((LongBuffer) gotValues).get(i);
          diff = match ? 0 : Double.POSITIVE_INFINITY;
        }
        case BOOL -> {
          match = ((boolean[]) want.values())[i] == (((ByteBuffer) gotValues).get(i) != 0);
          diff = match ? 0 : Double.POSITIVE_INFINITY;
        }
        default -> throw new AssertionError(expectedType);
      }
      maxDiff = Math.max(maxDiff, diff);
      if (!match) {
        mismatches++;
        if (firstMismatch < 0) {
          firstMismatch = i;
        }
      }
    }
    return new Comparison(maxDiff, mismatches == 0 ? null : mismatches + " of " + n + " values differ, first at index " + firstMismatch);
  }

  /** The tensor's values as a buffer of its type, copied once (each getXBuffer call copies). */
  private static Buffer values(OnnxTensor tensor, DataType type) {
    return switch (type) {
      case FLOAT -> tensor.getFloatBuffer();
      case DOUBLE -> tensor.getDoubleBuffer();
      case INT32 -> tensor.getIntBuffer();
      case INT64 -> tensor.getLongBuffer();
      case BOOL -> tensor.getByteBuffer();
    };
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
