package io.inferscope.sample.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A span as Zipkin's v2 API returns it: attributes are string tags, times are epoch microseconds. */
record ZipkinSpan(String traceId, String name, long startMicros, long durationMicros, Map<String, String> tags) {

  static ZipkinSpan of(JsonNode json) {
    Map<String, String> tags = new LinkedHashMap<>();
    json.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new ZipkinSpan(json.path("traceId").asText(), json.path("name").asText(),
        json.path("timestamp").asLong(), json.path("duration").asLong(), tags);
  }

  String tag(String key) {
    return tags.get(key);
  }

  double tagSeconds(String key) {
    String value = tags.get(key);
    try {
      return value == null ? Double.NaN : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  double seconds() {
    return durationMicros / 1e6;
  }

  boolean anomalous() {
    return "true".equals(tag("inferscope.anomaly"));
  }

  /** What produced it: the ML framework, or the LLM provider and whether the call streamed. */
  String library() {
    if (tag("ml.framework") != null) {
      return tag("ml.framework");
    }
    if (tag("gen_ai.provider.name") != null) {
      return tag("gen_ai.provider.name") + ("true".equals(tag("gen_ai.request.stream")) ? ", streamed" : "");
    }
    return tags.getOrDefault("otel.scope.name", "?");
  }

  /** 1 / the probability it was kept with: how many calls this exported span stands for (1 if not said). */
  double weight() {
    double p = tagSeconds("inferscope.sampling.probability");
    return p > 0 ? 1 / p : 1;
  }
}
