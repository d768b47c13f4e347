package io.inferscope.agent.logging;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A failure inside the agent's own hook code is swallowed (the application's call goes on as if the
 * agent were absent) and reported once per hook, so a bug of ours is visible without flooding logs.
 */
public final class HookErrors {
  private static final Logger log = LoggerFactory.getLogger(HookErrors.class);
  private static final Set<String> reported = ConcurrentHashMap.newKeySet();

  private HookErrors() {}

  /** Never throws, not even when the error is an OutOfMemoryError and reporting it fails too. */
  public static void report(String hook, Throwable error) {
    try {
      if (reported.add(hook)) {
        log.warn("internal error in the {} hook; the application's call went on without it, this hook's telemetry is"
            + " incomplete (reported once)", hook, error);
      } else if (log.isDebugEnabled()) {
        log.debug("internal error in the {} hook", hook, error);
      }
    } catch (Throwable ignored) {
      // No memory even to report: staying silent is the only thing that cannot hurt the caller.
    }
  }
}
