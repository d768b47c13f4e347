package io.inferscope.tests.support;

/** Trivial child for ForkedJvmTest: shows which Java ran it and what it was given, then exits 3. */
public final class HelloMain {
  private HelloMain() {}

  public static void main(String[] args) {
    System.out.println("hello from java " + Runtime.version().feature()
        + " args=" + String.join(",", args)
        + " ai.djl.offline=" + System.getProperty("ai.djl.offline")
        + " ORT_DISABLE_TELEMETRY=" + System.getenv("ORT_DISABLE_TELEMETRY")
        + " greeting=" + System.getProperty("greeting"));
    System.exit(3);
  }
}
