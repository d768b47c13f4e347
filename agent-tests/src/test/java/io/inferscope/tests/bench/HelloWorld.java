package io.inferscope.tests.bench;

/** The application of {@link StartupBenchmark}: it only prints, so what is timed is JVM and agent start-up. */
public final class HelloWorld {
  private HelloWorld() {}

  public static void main(String[] args) {
    System.out.println("hello, world");
  }
}
