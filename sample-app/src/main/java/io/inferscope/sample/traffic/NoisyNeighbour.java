package io.inferscope.sample.traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * A CPU-bound neighbour on the same host, for as long as it is open: several spinning threads per core,
 * so that work running meanwhile (a scoring request's ONNX Runtime run) gets a fraction of a core and is
 * genuinely slower, as under a batch job or a noisy co-tenant. Nothing in the application knows about it.
 */
final class NoisyNeighbour implements AutoCloseable {
  /** Spinning threads per core: a run then gets about 1/(this + 1) of a core once its time slice is used. */
  static final int THREADS_PER_CORE = 8;

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  private NoisyNeighbour() {}

  static NoisyNeighbour start() {
    NoisyNeighbour n = new NoisyNeighbour();
    int count = THREADS_PER_CORE * Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < count; i++) {
      Thread t = new Thread(n::spin, "noisy-neighbour-" + i);
      t.setDaemon(true);
      n.threads.add(t);
      t.start();
    }
    return n;
  }

  private void spin() {
    double x = 1;
    while (running) {
      // Floating-point work the JIT cannot remove (the result is published below).
      for (int i = 0; i < 10_000; i++) {
        x = x * 1.000001 + 1e-9;
      }
    }
    sink = x;
  }

  @SuppressWarnings("unused")
  private static volatile double sink;

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join();
    }
  }
}
