package io.inferscope.tests.backends;

import java.util.Map;
import java.util.TreeMap;

/**
 * One span as Zipkin's v2 API returns it. Zipkin keeps tags as strings, has no INTERNAL kind (the
 * field is then absent, here null), and names the service in the local endpoint.
 */
public record ZipkinSpan(String traceId, String id, String parentId, String name, String kind, String service,
    Map<String, String> tags) {

  static ZipkinSpan of(Map<?, ?> json) {
    Map<String, String> tags = new TreeMap<>();
    if (json.get("tags") instanceof Map<?, ?> map) {
      map.forEach((key, value) -> tags.put((String) key, String.valueOf(value)));
    }
    String service = json.get("localEndpoint") instanceof Map<?, ?> endpoint ? (String) endpoint.get("serviceName") : null;
    return new ZipkinSpan((String) json.get("traceId"), (String) json.get("id"), (String) json.get("parentId"),
        (String) json.get("name"), (String) json.get("kind"), service, tags);
  }

  public String tag(String key) {
    return tags.get(key);
  }
}
