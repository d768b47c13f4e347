package io.inferscope.sample.risk;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import java.nio.file.Path;

/** A transaction risk classifier: an ONNX model served through DJL (ONNX Runtime engine). */
public final class RiskClassifier implements AutoCloseable {
  private final ZooModel<Transactions, String[]> model;

  /** Loads {@code modelName}.onnx from {@code modelDir}. */
  public RiskClassifier(Path modelDir, String modelName) throws Exception {
    model = Criteria.builder()
        .setTypes(Transactions.class, String[].class)
        .optModelPath(modelDir)
        .optModelName(modelName)
        .optEngine("OnnxRuntime")
        .optTranslator(new RiskTranslator(new CustomerProfiles()))
        .build()
        .loadModel();
  }

  /** One label per transaction. A DJL predictor is not thread-safe, and cheap: one per request. */
  public String[] classify(Transactions transactions) throws Exception {
    try (Predictor<Transactions, String[]> predictor = model.newPredictor()) {
      return predictor.predict(transactions);
    }
  }

  @Override
  public void close() {
    model.close();
  }
}
