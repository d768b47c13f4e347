package io.inferscope.bootapp;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /score?size=N}: runs the model (property {@code model}, a path) on an N x N float matrix
 * and answers with the first output value. The session is loaded once, at start-up.
 */
@RestController
public class ScoreController {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;

  public ScoreController(@Value("${model}") String modelPath) throws OrtException {
    this.session = env.createSession(modelPath);
  }

  @GetMapping("/score")
  public String score(@RequestParam(defaultValue = "4") int size) throws OrtException {
    float[][] input = new float[size][size];
    for (int i = 0; i < size; i++) {
      input[i][i] = 2f;
    }
    try (OnnxTensor x = OnnxTensor.createTensor(env, input); OrtSession.Result result = session.run(Map.of("X", x))) {
      float[][] y = (float[][]) result.get(0).getValue();
      return "score=" + y[0][0];
    }
  }

  @PreDestroy
  void close() throws OrtException {
    session.close();
  }
}
