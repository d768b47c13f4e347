package io.inferscope.sample.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.inferscope.sample.http.BadRequestException;
import io.inferscope.sample.http.JsonEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code POST /embed} {@code {"texts": ["...", ...]}} → {@code {"embeddings": [[...], ...]}}. */
public final class EmbedEndpoint extends JsonEndpoint {
  private static final int MAX_TEXTS = 32;
  private static final int MAX_TEXT_LENGTH = 8_000;
  private static final int MAX_BODY_BYTES = 512 * 1024;

  private final Assistant assistant;

  public EmbedEndpoint(Assistant assistant) {
    super(MAX_BODY_BYTES);
    this.assistant = assistant;
  }

  @Override
  protected Object handle(JsonNode request) {
    JsonNode texts = request.get("texts");
    if (texts == null || !texts.isArray() || texts.isEmpty() || texts.size() > MAX_TEXTS) {
      throw new BadRequestException("'texts' must be an array of 1 to " + MAX_TEXTS + " strings");
    }
    List<String> values = new ArrayList<>();
    for (JsonNode text : texts) {
      if (!text.isTextual() || text.asText().isEmpty() || text.asText().length() > MAX_TEXT_LENGTH) {
        throw new BadRequestException("each text must be a non-empty string of at most " + MAX_TEXT_LENGTH + " characters");
      }
      values.add(text.asText());
    }
    return Map.of("embeddings", assistant.embed(values));
  }
}
