package io.inferscope.sample.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;

/**
 * A {@code POST} endpoint taking and returning JSON. Client mistakes are answered 4xx with a message
 * saying what to fix, a failing upstream 502, anything else 500; no failure escapes to the server.
 */
public abstract class JsonEndpoint implements HttpHandler {
  private static final ThrottledLog LOG = new ThrottledLog();

  private final int maxBodyBytes;

  protected JsonEndpoint(int maxBodyBytes) {
    this.maxBodyBytes = maxBodyBytes;
  }

  /** The response body for a valid request. */
  protected abstract Object handle(JsonNode request) throws Exception;

  @Override
  public final void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        JsonHttp.send(exchange, 405, JsonHttp.error("use POST with a JSON body"));
        return;
      }
      Object response;
      try {
        response = handle(JsonHttp.readBody(exchange, maxBodyBytes));
      } catch (BadRequestException e) {
        JsonHttp.send(exchange, e.status(), JsonHttp.error(e.getMessage()));
        return;
      } catch (UpstreamException e) {
        LOG.warn(e.getMessage(), e.getMessage());
        JsonHttp.send(exchange, 502, JsonHttp.error(e.getMessage()));
        return;
      } catch (Exception e) {
        String where = exchange.getRequestURI().getPath();
        LOG.warn(where + e.getClass().getName(), where + " failed: " + e);
        JsonHttp.send(exchange, 500, JsonHttp.error("internal error: " + e.getClass().getSimpleName()));
        return;
      }
      JsonHttp.send(exchange, 200, response);
    } catch (IOException e) {
      // The client went away mid-exchange; nothing is left to answer.
    }
  }
}
