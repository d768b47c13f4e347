package io.inferscope.tests.apps;

/**
 * One more request header of the application's own, from {@code -Dapp.header="Name: value"} (for
 * example its own {@code traceparent}, which the agent must leave as it is); null when not set.
 */
final class ExtraHeader {
  private ExtraHeader() {}

  /** The header's name and value, or null. */
  static String[] fromProperty() {
    String header = System.getProperty("app.header");
    if (header == null) {
      return null;
    }
    int colon = header.indexOf(':');
    return new String[] {header.substring(0, colon).trim(), header.substring(colon + 1).trim()};
  }
}
