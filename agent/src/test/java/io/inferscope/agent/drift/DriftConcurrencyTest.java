package io.inferscope.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Several inference threads feed one summary while a collector evaluates it: every observation is either
 * counted or skipped as busy (none lost, none twice), the windows stay consistent, and nothing throws.
 */
class DriftConcurrencyTest {
  private static final int THREADS = 4;
  private static final int PER_THREAD = 50_000;

  @Test
  void concurrentObservationsAreCountedOrSkippedNeverLost() throws Exception {
    DriftSettings settings = DriftSettings.defaults().withWindows(500, 500).withEvaluateEvery(50);
    ClassOutputSummary classes = new ClassOutputSummary("m", "probs", settings, null);
    ScalarOutputSummary scalars = new ScalarOutputSummary("m", "y", settings, null);
    TabularInputSummary input = new TabularInputSummary("m", "x", 8, settings, null);
    List<Throwable> failures = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = t;
      threads.add(new Thread(() -> {
        Random random = new Random(seed);
        float[] row = new float[8];
        try {
          start.await();
          for (int i = 0; i < PER_THREAD; i++) {
            row[random.nextInt(8)] = random.nextFloat();
            classes.observeRow(row, 0, 8);
            scalars.observe(random.nextGaussian());
            input.observeBatch(FloatBuffer.wrap(row), 8);
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }));
    }
    Thread collector = new Thread(() -> {
      try {
        start.await();
        while (threads.stream().anyMatch(Thread::isAlive)) {
          classes.evaluate();
          scalars.evaluate();
          input.evaluate();
          classes.classCounts();
          Thread.onSpinWait();
        }
      } catch (Throwable e) {
        synchronized (failures) {
          failures.add(e);
        }
      }
    });
    threads.forEach(Thread::start);
    collector.start();
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    collector.join();
    assertEquals(List.of(), failures);
    long fed = (long) THREADS * PER_THREAD;
    for (DriftSummary s : List.of(classes, scalars, input)) {
      assertEquals(fed, s.observations() + s.busySkips(), s + ": every observation counted or skipped");
      assertTrue(s.observations() > 0);
      System.out.printf("%s: %d of %d observations skipped as busy (%.2f %%)%n", s.getClass().getSimpleName(), s.busySkips(), fed,
          100.0 * s.busySkips() / fed);
    }
    long total = classes.classCounts().stream().mapToLong(ClassOutputSummary.ClassCount::count).sum();
    assertEquals(classes.observations(), total);
    long[] current = scalars.currentSnapshot().counts();
    long inWindow = 0;
    for (long c : current) {
      inWindow += c;
    }
    assertEquals(500, inWindow, "the current window holds exactly its size");
    assertTrue(scalars.evaluate() < 0.2, "one stable distribution from all threads");
  }
}
