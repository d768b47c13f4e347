package io.inferscope.sample.risk;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.sample.http.JsonEndpoint;
import io.inferscope.sample.http.JsonRows;
import java.util.Map;

/**
 * {@code POST /classify} {@code {"customer": "c-42", "transactions": [[f1, f2, f3, f4], ...]}} →
 * {@code {"customer": "c-42", "labels": ["approve", ...]}}. The first request of a customer who is not
 * among the active ones is slow: pre-processing fetches their profile from the feature store.
 */
public final class ClassifyEndpoint extends JsonEndpoint {
  private static final int MAX_TRANSACTIONS = 1_000;
  private static final int MAX_CUSTOMER_LENGTH = 64;
  private static final int MAX_BODY_BYTES = 256 * 1024;

  private final RiskClassifier classifier;
  private final int features;

  public ClassifyEndpoint(RiskClassifier classifier, int features) {
    super(MAX_BODY_BYTES);
    this.classifier = classifier;
    this.features = features;
  }

  @Override
  protected Object handle(JsonNode request) throws Exception {
    String customer = JsonRows.text(request, "customer", MAX_CUSTOMER_LENGTH);
    float[][] rows = JsonRows.read(request, "transactions", features, MAX_TRANSACTIONS);
    return Map.of("customer", customer, "labels", classifier.classify(new Transactions(customer, rows)));
  }
}
