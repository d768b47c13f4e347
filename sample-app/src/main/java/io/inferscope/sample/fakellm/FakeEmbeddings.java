package io.inferscope.sample.fakellm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.inferscope.sample.http.BadRequestException;
import io.inferscope.sample.http.JsonHttp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Embeddings in OpenAI's wire format: a unit vector per input text, the same for the same text.
 * openai-java asks for {@code encoding_format: base64} (little-endian float32) by default; other
 * clients get a JSON float array.
 */
final class FakeEmbeddings {
  static final int DIMENSIONS = 16;
  private static final int MAX_INPUTS = 2048;

  private FakeEmbeddings() {}

  static void answer(HttpExchange exchange, JsonNode request) throws IOException, InterruptedException {
    String model = request.path("model").asText("");
    List<String> inputs = inputs(request.get("input"));
    if (model.isEmpty() || inputs.isEmpty()) {
      throw new BadRequestException("'model' and a non-empty 'input' are required");
    }
    boolean base64 = "base64".equals(request.path("encoding_format").asText("float"));
    Thread.sleep(3 + inputs.size()); // an embedding model is quick, but not free
    ObjectNode body = JsonHttp.MAPPER.createObjectNode().put("object", "list").put("model", model);
    ArrayNode data = body.putArray("data");
    int tokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      float[] vector = vector(inputs.get(i));
      ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
      if (base64) {
        item.put("embedding", base64(vector));
      } else {
        ArrayNode values = item.putArray("embedding");
        for (float v : vector) {
          values.add(v);
        }
      }
      tokens += Math.max(1, inputs.get(i).split("\\s+").length);
    }
    body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
    JsonHttp.send(exchange, 200, body);
  }

  /** {@code input} is a string or an array of strings (token arrays are not offered). */
  private static List<String> inputs(JsonNode input) {
    List<String> texts = new ArrayList<>();
    if (input != null && input.isTextual()) {
      texts.add(input.asText());
    } else if (input != null && input.isArray() && input.size() <= MAX_INPUTS) {
      for (JsonNode item : input) {
        if (!item.isTextual()) {
          throw new BadRequestException("'input' must be a string or an array of strings");
        }
        texts.add(item.asText());
      }
    }
    return texts;
  }

  private static float[] vector(String text) {
    Random random = new Random(text.hashCode());
    float[] vector = new float[DIMENSIONS];
    double norm = 0;
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] = (float) random.nextGaussian();
      norm += vector[i] * vector[i];
    }
    for (int i = 0; i < DIMENSIONS; i++) {
      vector[i] /= (float) Math.sqrt(norm);
    }
    return vector;
  }

  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : vector) {
      bytes.putFloat(v);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
