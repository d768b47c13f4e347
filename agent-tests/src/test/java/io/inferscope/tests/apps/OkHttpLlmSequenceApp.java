package io.inferscope.tests.apps;

import java.util.ArrayList;
import java.util.List;

/**
 * Several {@link OkHttpLlmApp} calls, one after the other in one JVM, so that tests of several OkHttp
 * behaviours pay for one forked JVM. Usage: {@code OkHttpLlmSequenceApp URL HOW [BODY] -- URL HOW [BODY] -- ...};
 * before each call it prints {@code step=N}.
 */
public final class OkHttpLlmSequenceApp {
  private OkHttpLlmSequenceApp() {}

  public static void main(String[] args) throws Exception {
    List<String> step = new ArrayList<>();
    int n = 0;
    for (int i = 0; i <= args.length; i++) {
      if (i == args.length || args[i].equals("--")) {
        System.out.println("step=" + n++);
        OkHttpLlmApp.call(step.toArray(String[]::new));
        step.clear();
      } else {
        step.add(args[i]);
      }
    }
    System.out.flush();
    // As OkHttpLlmApp: nothing OkHttp left behind may hold the JVM.
    System.exit(0);
  }
}
