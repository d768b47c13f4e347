package io.inferscope.tests.apps;

import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link JdkHttpLlmApp} calls, one after the other in one JVM, so their telemetry shares
 * one SDK (metrics aggregate across the calls). Usage:
 * {@code JdkHttpLlmSequenceApp URL HOW [BODY] -- URL HOW [BODY] -- ...}; before each call it prints
 * {@code step=N}.
 */
public final class JdkHttpLlmSequenceApp {
  private JdkHttpLlmSequenceApp() {}

  public static void main(String[] args) throws Exception {
    List<String> step = new ArrayList<>();
    int n = 0;
    for (int i = 0; i <= args.length; i++) {
      if (i == args.length || args[i].equals("--")) {
        System.out.println("step=" + n++);
        JdkHttpLlmApp.main(step.toArray(String[]::new));
        step.clear();
      } else {
        step.add(args[i]);
      }
    }
  }
}
