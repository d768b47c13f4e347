package io.inferscope.agent.logging;

/** The agent-wide log threshold, set once from {@code inferscope.debug}. */
public final class AgentLogLevel {
  private static volatile boolean debug;

  private AgentLogLevel() {}

  public static boolean isDebug() {
    return debug;
  }

  public static void setDebug(boolean enabled) {
    debug = enabled;
  }
}
