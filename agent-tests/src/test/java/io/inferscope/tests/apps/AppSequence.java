package io.inferscope.tests.apps;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs other test applications' {@code main} one after the other in one JVM, then prints {@code waiting}
 * and stays alive: what a long-running service looks like to a back end that scrapes it (all their metrics
 * on one endpoint, still served after the work is done). Usage:
 * {@code AppSequence WAIT_SECONDS CLASS ARGS... [:: CLASS ARGS...]...}; it exits after WAIT_SECONDS at the
 * latest, or when stopped.
 */
public final class AppSequence {
  public static final String SEPARATOR = "::";

  private AppSequence() {}

  public static void main(String[] args) throws Exception {
    long waitSeconds = Long.parseLong(args[0]);
    List<String> step = new ArrayList<>();
    for (String arg : Arrays.asList(args).subList(1, args.length)) {
      if (arg.equals(SEPARATOR)) {
        run(step);
        step.clear();
      } else {
        step.add(arg);
      }
    }
    run(step);
    System.out.println("waiting");
    Thread.sleep(waitSeconds * 1000);
  }

  private static void run(List<String> step) throws Exception {
    String[] appArgs = step.subList(1, step.size()).toArray(String[]::new);
    try {
      Class.forName(step.get(0)).getMethod("main", String[].class).invoke(null, (Object) appArgs);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e; // the application's own failure, not reflection's
    }
  }
}
