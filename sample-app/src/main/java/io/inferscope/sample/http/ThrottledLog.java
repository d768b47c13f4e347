package io.inferscope.sample.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Error lines on stderr, at most one per kind every 30 s: when the LLM endpoint is down every chat
 * request fails the same way, and a line per request would bury everything else.
 */
public final class ThrottledLog {
  private static final long QUIET_NANOS = 30_000_000_000L;
  /** Kinds remembered; the oldest is forgotten first, so odd messages cannot grow the map. */
  private static final int MAX_KINDS = 64;

  private final Map<String, long[]> lastByKind = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
      return size() > MAX_KINDS;
    }
  };

  /** Prints {@code message} unless a line of this kind was printed less than 30 s ago. */
  public synchronized void warn(String kind, String message) {
    long now = System.nanoTime();
    long[] state = lastByKind.get(kind); // {time of last line, lines suppressed since}
    if (state != null && now - state[0] < QUIET_NANOS) {
      state[1]++;
      return;
    }
    String suppressed = state != null && state[1] > 0 ? " (" + state[1] + " more like it since the last report)" : "";
    System.err.println("[sample-app] " + message + suppressed);
    lastByKind.put(kind, new long[] {now, 0});
  }
}
