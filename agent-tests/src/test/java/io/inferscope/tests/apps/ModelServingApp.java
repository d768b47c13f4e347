package io.inferscope.tests.apps;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small model server's life, no agent-specific code: two sessions of one model load, four threads
 * predict, one session closes, the other stays open until exit; garbage is made and collected on
 * the way. Usage: {@code ModelServingApp MODEL_PATH CALLS_PER_THREAD [RELEASE_FILE]}. Prints
 * {@code calls=N}; given a release file, then stays up until that file exists (at most two minutes),
 * so a test can see a periodic export happen before the JVM's shutdown hooks race each other.
 */
public final class ModelServingApp {
  /** Open until the JVM exits: the final metric export must still count it as loaded. */
  static OrtSession serving;

  private ModelServingApp() {}

  public static void main(String[] args) throws Exception {
    String model = args[0];
    int perThread = Integer.parseInt(args[1]);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    OrtSession warmUp = env.createSession(model, new OrtSession.SessionOptions());
    serving = env.createSession(model, new OrtSession.SessionOptions());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      OrtSession session = t == 0 ? warmUp : serving;
      done.add(pool.submit(() -> {
        try (OnnxTensor x = OrtApp.input(env, 2)) {
          for (int i = 0; i < perThread; i++) {
            session.run(Map.of("X", x)).close();
          }
        }
        return perThread;
      }));
    }
    int calls = 0;
    for (Future<Integer> f : done) {
      calls += f.get();
    }
    pool.shutdown();
    warmUp.close();
    try {
      warmUp.close();
    } catch (IllegalStateException alreadyClosed) {
      System.out.println("second close refused");
    }
    churn();
    System.out.println("calls=" + calls);
    if (args.length > 2) {
      awaitRelease(Path.of(args[2]));
    }
  }

  private static void awaitRelease(Path release) throws InterruptedException {
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!Files.exists(release) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Short-lived garbage, then a collection: the GC metrics have something to report. */
  private static void churn() {
    long sum = 0;
    for (int i = 0; i < 200; i++) {
      sum += new byte[256 * 1024].length;
    }
    System.gc();
    System.out.println("churned=" + sum);
  }
}
