package io.inferscope.agent.logging;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What the agent's logger printed while an action ran. It writes to whatever System.err is at the
 * moment it logs, so swapping System.err for the action catches exactly the agent's lines.
 */
public final class CapturedStderr {
  private CapturedStderr() {}

  public static String of(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** The same in debug mode, which is switched back off afterwards. */
  public static String inDebugMode(Runnable action) {
    AgentLogLevel.setDebug(true);
    try {
      return of(action);
    } finally {
      AgentLogLevel.setDebug(false);
    }
  }

  /** How many lines of {@code text} start with {@code [inferscope] LEVEL } followed by {@code start}. */
  public static long lines(String text, String level, String start) {
    String prefix = "[inferscope] " + level + " " + start;
    return text.lines().filter(l -> l.startsWith(prefix)).count();
  }
}
