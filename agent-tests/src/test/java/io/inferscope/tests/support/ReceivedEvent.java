package io.inferscope.tests.support;

import java.util.Map;

/** A span event as received over OTLP. */
public record ReceivedEvent(String name, Map<String, Object> attributes) {

  public ReceivedEvent {
    attributes = AttributeMaps.sortedCopy(attributes);
  }

  /** The attribute as a string, or null when absent. */
  public String attr(String key) {
    return AttributeMaps.stringValue(attributes, key);
  }
}
