package io.inferscope.sample.http;

import com.fasterxml.jackson.databind.JsonNode;

/** Feature matrices in request bodies: an array of rows, each an array of numbers. */
public final class JsonRows {
  private JsonRows() {}

  /** {@code request[field]} as float[rows][width]; 1 to {@code maxRows} rows, or a 400 saying what is wrong. */
  public static float[][] read(JsonNode request, String field, int width, int maxRows) {
    JsonNode rows = request.get(field);
    if (rows == null || !rows.isArray() || rows.isEmpty()) {
      throw new BadRequestException("'" + field + "' must be a non-empty array of rows of " + width + " numbers");
    }
    if (rows.size() > maxRows) {
      throw new BadRequestException("'" + field + "' has " + rows.size() + " rows; at most " + maxRows + " per request");
    }
    float[][] values = new float[rows.size()][width];
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      if (!row.isArray() || row.size() != width) {
        throw new BadRequestException(field + "[" + r + "] must be an array of " + width + " numbers");
      }
      for (int c = 0; c < width; c++) {
        JsonNode value = row.get(c);
        if (!value.isNumber()) {
          throw new BadRequestException(field + "[" + r + "][" + c + "] is not a number: " + value);
        }
        values[r][c] = value.floatValue();
      }
    }
    return values;
  }

  /** {@code request[field]} as a non-blank string of at most {@code maxLength} characters. */
  public static String text(JsonNode request, String field, int maxLength) {
    JsonNode value = request.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new BadRequestException("'" + field + "' must be a non-empty string");
    }
    if (value.asText().length() > maxLength) {
      throw new BadRequestException("'" + field + "' is longer than " + maxLength + " characters");
    }
    return value.asText();
  }
}
