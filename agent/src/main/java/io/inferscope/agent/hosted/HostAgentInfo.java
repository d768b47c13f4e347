package io.inferscope.agent.hosted;

import io.inferscope.bootstrap.OpenTelemetryAgentSettings;

/** What InferScope can tell about the OpenTelemetry Java agent it runs in, for its start line. */
final class HostAgentInfo {
  private HostAgentInfo() {}

  /** The agent's version from its jar's manifest, as its own packages report it; "unknown" if not stated. */
  static String version() {
    try {
      String version = Class.forName(OpenTelemetryAgentSettings.AGENT_INITIALIZER, false, null).getPackage().getImplementationVersion();
      return version == null ? "(version unknown)" : version;
    } catch (ClassNotFoundException | LinkageError e) {
      return "(version unknown)";
    }
  }
}
