package io.inferscope.sample.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A float[N, F] → float[N, K] ONNX model served with ONNX Runtime. The input name and the feature
 * count F are read from the model, so any model of that shape with a dynamic batch dimension works.
 */
public final class OrtScorer implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String inputName;
  private final int features;

  public OrtScorer(Path model) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      // Requests already run in parallel on the HTTP workers; ONNX Runtime's own per-core thread
      // pool would only spin against them on a small machine.
      options.setIntraOpNumThreads(1);
      session = env.createSession(model.toString(), options);
    }
    Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
    long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
    if (shape.length != 2 || shape[1] <= 0) {
      session.close();
      throw new IllegalArgumentException(model + ": expected an input of shape [N, features], found "
          + Arrays.toString(shape));
    }
    inputName = input.getKey();
    features = (int) shape[1];
  }

  /** Features per row the model takes. */
  public int features() {
    return features;
  }

  /** One row of outputs per input row. OrtSession.run is thread-safe, so callers need no lock. */
  public float[][] score(float[][] rows) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(env, rows);
        OrtSession.Result result = session.run(Map.of(inputName, input))) {
      return (float[][]) result.get(0).getValue();
    }
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
