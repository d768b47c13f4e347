package io.inferscope.tests.support;

import java.util.List;
import java.util.Map;

/**
 * A span as received over OTLP. Ids are lowercase hex; {@code parentSpanId} is "" for a root span.
 * Attribute values keep their OTLP type: String, Long, Double, Boolean, List for arrays, Map for
 * key-value lists and byte[] for bytes.
 */
public record ReceivedSpan(
    String name,
    String kind,
    String traceId,
    String spanId,
    String parentSpanId,
    long startEpochNanos,
    long endEpochNanos,
    String statusCode,
    String statusMessage,
    Map<String, Object> attributes,
    List<ReceivedEvent> events,
    Map<String, Object> resource,
    String scopeName) {

  public ReceivedSpan {
    attributes = AttributeMaps.sortedCopy(attributes);
    events = List.copyOf(events);
    resource = AttributeMaps.sortedCopy(resource);
  }

  /** The attribute as a string, or null when absent. */
  public String attr(String key) {
    return AttributeMaps.stringValue(attributes, key);
  }

  /** The attribute as a Long, or null when absent; fails when it has another type. */
  public Long longAttr(String key) {
    return AttributeMaps.longValue(attributes, key);
  }
}
