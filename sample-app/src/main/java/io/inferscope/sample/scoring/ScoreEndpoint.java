package io.inferscope.sample.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.sample.http.JsonEndpoint;
import io.inferscope.sample.http.JsonRows;
import java.util.Map;

/**
 * {@code POST /score} {@code {"rows": [[f1, f2, f3, f4], ...]}} → {@code {"rows": N, "scores": [[...], ...]}}:
 * batch scoring with ONNX Runtime. A large batch is a longer inference, but not a slower one per row.
 */
public final class ScoreEndpoint extends JsonEndpoint {
  /** Rows per request: 100 000 rows of 4 features is about 4 MB of JSON and ~100 ms of inference. */
  public static final int MAX_ROWS = 100_000;
  private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final OrtScorer scorer;

  public ScoreEndpoint(OrtScorer scorer) {
    super(MAX_BODY_BYTES);
    this.scorer = scorer;
  }

  @Override
  protected Object handle(JsonNode request) throws Exception {
    float[][] rows = JsonRows.read(request, "rows", scorer.features(), MAX_ROWS);
    return Map.of("rows", rows.length, "scores", scorer.score(rows));
  }
}
