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

  public static void report(String hook, Throwable error) {
    if (reported.add(hook)) {
      log.warn("internal error in the {} hook; the application call is unaffected, this hook's telemetry may be incomplete", hook, error);
    } else if (log.isDebugEnabled()) {
      log.debug("internal error in the {} hook", hook, error);
    }
  }
}
