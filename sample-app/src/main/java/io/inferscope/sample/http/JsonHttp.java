package io.inferscope.sample.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** JSON request and response bodies over the JDK's HttpServer, with a size limit on what is read. */
public final class JsonHttp {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonHttp() {}

  /**
   * The request body as JSON. A body over {@code maxBytes} is refused before it is all read, so a
   * client cannot make the server hold more than that for one request.
   */
  public static JsonNode readBody(HttpExchange exchange, int maxBytes) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null && parseLength(declared) > maxBytes) {
      throw new BadRequestException(413, "request body is larger than " + maxBytes + " bytes");
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = exchange.getRequestBody()) {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        if (body.size() + n > maxBytes) {
          throw new BadRequestException(413, "request body is larger than " + maxBytes + " bytes");
        }
        body.write(buffer, 0, n);
      }
    }
    if (body.size() == 0) {
      throw new BadRequestException("empty request body; send a JSON object");
    }
    try {
      JsonNode json = MAPPER.readTree(body.toByteArray());
      if (json == null || !json.isObject()) {
        throw new BadRequestException("request body must be a JSON object");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new BadRequestException("request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Sends {@code body} as the whole JSON response and closes the exchange. */
  public static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** {@code {"error": message}}. */
  public static ObjectNode error(String message) {
    return MAPPER.createObjectNode().put("error", message);
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadRequestException("bad Content-Length: " + value);
    }
  }
}
