package io.inferscope.tests.apps;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The shared driver of the hostile-server client applications: {@code threads} threads each make
 * {@code calls} calls, read each body as a stream (at most {@code maxBytes}, then close it), and
 * print what they saw, sorted, so a run with the agent can be compared line by line with a run
 * without it. Also prints (to stdout) how many threads died of an uncaught throwable and (to stderr)
 * which of the agent's and the client's own threads are still alive at the end.
 */
final class HostileCalls {
  /** One call: sends the request, returns the body's stream (or throws what the client throws). */
  @FunctionalInterface
  interface Call {
    InputStream send() throws Exception;
  }

  private HostileCalls() {}

  static void run(Call call, int threads, int calls, long maxBytes) throws Exception {
    AtomicInteger uncaught = new AtomicInteger();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      uncaught.incrementAndGet();
      System.err.println("uncaught in " + thread.getName() + ": " + error);
    });
    Set<String> lines = new ConcurrentSkipListSet<>();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        for (int c = 0; c < calls; c++) {
          lines.add("call " + thread + "." + c + " " + once(call, maxBytes));
        }
      }, "hostile-client-" + t);
      workers.add(worker);
      worker.start();
    }
    long deadline = System.nanoTime() + 90_000_000_000L;
    int hung = 0;
    for (Thread worker : workers) {
      worker.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      hung += worker.isAlive() ? 1 : 0;
    }
    lines.forEach(System.out::println);
    System.out.println("hung=" + hung);
    System.out.println("uncaught=" + uncaught.get());
    Set<String> alive = new TreeSet<>(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(th -> th.getName().replaceAll("-\\d+", "-N")).collect(Collectors.toSet()));
    System.err.println("threads=" + alive);
    System.out.flush();
    System.exit(hung == 0 ? 0 : 3);
  }

  /** status, bytes read and their hash, or the class of what the client threw. */
  private static String once(Call call, long maxBytes) {
    long read = 0;
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    try (InputStream body = call.send()) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while (read < maxBytes && (n = body.read(buffer, 0, (int) Math.min(buffer.length, maxBytes - read))) > 0) {
        sha.update(buffer, 0, n);
        read += n;
      }
      return "bytes=" + read + " sha256=" + HexFormat.of().formatHex(sha.digest());
    } catch (Throwable e) {
      // The cause goes to stderr, which the test shows but does not compare: a failure that differs from
      // the run without the agent must say what it was.
      StringBuilder causes = new StringBuilder("failure after " + read + " bytes: " + e);
      for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        causes.append("\n  caused by ").append(c);
      }
      System.err.println(causes);
      return "bytes=" + read + " failed=" + e.getClass().getName();
    }
  }
}
