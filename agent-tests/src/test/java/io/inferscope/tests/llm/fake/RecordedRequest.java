package io.inferscope.tests.llm.fake;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * One request as {@link FakeLlmServer} received it: immutable, so tests may read it from any thread.
 * Headers keep the names and order the client sent; lookups ignore case.
 */
public final class RecordedRequest {
  private final String method;
  private final String target;
  private final String path;
  private final String query;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  RecordedRequest(String method, String target, List<Map.Entry<String, String>> headerLines, byte[] body) {
    this.method = method;
    this.target = target;
    int q = target.indexOf('?');
    // Decoded, so that a client that escapes Gemini's ':' (%3A) is routed like one that does not.
    this.path = percentDecode(q < 0 ? target : target.substring(0, q));
    this.query = q < 0 ? "" : target.substring(q + 1);
    Map<String, List<String>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, String> line : headerLines) {
      map.computeIfAbsent(line.getKey(), k -> new ArrayList<>()).add(line.getValue());
    }
    map.replaceAll((k, v) -> List.copyOf(v));
    this.headers = Collections.unmodifiableMap(map);
    this.body = body;
  }

  public String method() {
    return method;
  }

  /** The request target exactly as sent: path and query, undecoded. */
  public String target() {
    return target;
  }

  /** The percent-decoded path, without the query. */
  public String path() {
    return path;
  }

  /** The raw query string without {@code '?'}; empty when there is none. */
  public String query() {
    return query;
  }

  /** The first value of a query parameter, decoded. */
  public Optional<String> queryParameter(String name) {
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  /** The first value of a header (any case), or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null ? null : values.get(0);
  }

  /** All values of a header (any case), in the order received; empty if absent. */
  public List<String> headers(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** All headers; the map's lookups ignore case, its keys are spelled as first received. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The body bytes as received (after undoing chunked transfer encoding, not content encoding). */
  public byte[] body() {
    return body.clone();
  }

  /** The body as UTF-8 text, gunzipped first if the client sent {@code Content-Encoding: gzip}. */
  public String bodyText() {
    if (!"gzip".equalsIgnoreCase(header("Content-Encoding"))) {
      return new String(body, StandardCharsets.UTF_8);
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("body is not valid gzip", e);
    }
  }

  /**
   * The body parsed as a JSON object (nested objects are maps, arrays are lists, integers longs);
   * an empty map if the body is empty, not JSON, or not an object.
   */
  @SuppressWarnings("unchecked")
  public Map<String, Object> json() {
    try {
      Object value = Json.parse(bodyText());
      return value instanceof Map ? (Map<String, Object>) value : Map.of();
    } catch (IllegalArgumentException | UncheckedIOException e) {
      return Map.of();
    }
  }

  @Override
  public String toString() {
    return method + " " + target + " (" + body.length + " bytes)";
  }

  private static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    // URLDecoder would also turn '+' into a space, which is wrong for paths.
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
