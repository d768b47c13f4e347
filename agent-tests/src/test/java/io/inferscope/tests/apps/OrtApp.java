package io.inferscope.tests.apps;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain ONNX Runtime application with no agent-specific code, run in a forked JVM by the tests.
 * Usage: {@code OrtApp MODE MODEL_PATH [args]}; it prints what it observed as {@code key=value} lines.
 */
public final class OrtApp {
  private OrtApp() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path model = Path.of(args[1]);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    switch (mode) {
      case "overloads" -> overloads(env, model);
      case "memory" -> fromMemory(env, model);
      case "wrong-input" -> wrongInput(env, model);
      case "threads" -> threads(env, model, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      case "loop" -> loop(env, model, Integer.parseInt(args[2]));
      case "spikes" -> spikes(env, model, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "loop-and-wait" -> {
        loop(env, model, Integer.parseInt(args[2]));
        System.out.println("waiting");
        Thread.sleep(Long.parseLong(args[3]) * 1000);
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  static OnnxTensor input(OrtEnvironment env, int batch) throws OrtException {
    float[][] x = new float[batch][4];
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < 4; j++) {
        x[i][j] = i + j * 0.5f - 1;
      }
    }
    return OnnxTensor.createTensor(env, x);
  }

  /** Calls each public run overload once: every call must give exactly one predict span. */
  private static void overloads(OrtEnvironment env, Path model) throws Exception {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(model.toString(), options);
        OnnxTensor x = input(env, 2);
        OrtSession.RunOptions runOptions = new OrtSession.RunOptions()) {
      Map<String, OnnxTensor> inputs = Map.of("X", x);
      int calls = 0;
      try (OrtSession.Result r = session.run(inputs)) {
        calls++;
        System.out.println("output0=" + ((float[][]) r.get(0).getValue())[1][0]);
      }
      try (OrtSession.Result r = session.run(inputs, runOptions)) {
        calls++;
      }
      try (OrtSession.Result r = session.run(inputs, Set.of("Y"))) {
        calls++;
      }
      try (OrtSession.Result r = session.run(inputs, Set.of("Y"), runOptions)) {
        calls++;
      }
      System.out.println("calls=" + calls);
    }
  }

  /**
   * The model from memory twice, as a byte[] and as a direct ByteBuffer (the same bytes, so the same
   * name), each session run through the three overloads that write into pinned (preallocated) outputs.
   */
  private static void fromMemory(OrtEnvironment env, Path model) throws Exception {
    byte[] bytes = Files.readAllBytes(model);
    ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    int calls = 0;
    try (OrtSession fromArray = env.createSession(bytes); OrtSession fromBuffer = env.createSession(buffer);
        OnnxTensor x = input(env, 3); OnnxTensor y = pinnedOutput(env, 3);
        OrtSession.RunOptions runOptions = new OrtSession.RunOptions()) {
      Map<String, OnnxTensor> inputs = Map.of("X", x);
      Map<String, OnnxTensor> pinned = Map.of("Y", y);
      for (OrtSession session : List.of(fromArray, fromBuffer)) {
        try (OrtSession.Result r = session.run(inputs, pinned)) {
          calls++;
        }
        try (OrtSession.Result r = session.run(inputs, Set.of(), pinned)) {
          calls++;
        }
        try (OrtSession.Result r = session.run(inputs, Set.of(), pinned, runOptions)) {
          calls++;
        }
      }
      System.out.println("rows=" + y.getFloatBuffer().capacity() / 3);
    }
    System.out.println("calls=" + calls);
  }

  /** A float[rows, 3] output ONNX Runtime writes into: pinned outputs must be backed by direct memory. */
  private static OnnxTensor pinnedOutput(OrtEnvironment env, int rows) throws OrtException {
    FloatBuffer memory = ByteBuffer.allocateDirect(rows * 3 * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    return OnnxTensor.createTensor(env, memory, new long[] {rows, 3});
  }

  private static void wrongInput(OrtEnvironment env, Path model) throws Exception {
    try (OrtSession session = env.createSession(model.toString()); OnnxTensor x = input(env, 1)) {
      try {
        session.run(Map.of("NOT_AN_INPUT", x));
        System.out.println("caught=none");
      } catch (OrtException e) {
        StackTraceElement top = e.getStackTrace()[0];
        System.out.println("caught=" + e.getClass().getName());
        System.out.println("message=" + e.getMessage());
        System.out.println("top-frame=" + top.getClassName());
        System.out.println("cause=" + e.getCause());
      }
    }
  }

  /** {@code threads} threads each run {@code runs} inferences on one shared session. */
  private static void threads(OrtEnvironment env, Path model, int threads, int runs) throws Exception {
    AtomicInteger done = new AtomicInteger();
    try (OrtSession session = env.createSession(model.toString())) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          try (OnnxTensor x = input(env, 1)) {
            for (int i = 0; i < runs; i++) {
              try (OrtSession.Result r = session.run(Map.of("X", x))) {
                done.incrementAndGet();
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
    System.out.println("runs=" + done.get());
  }

  private static void loop(OrtEnvironment env, Path model, int runs) throws Exception {
    long start = System.nanoTime();
    try (OrtSession session = env.createSession(model.toString()); OnnxTensor x = input(env, 1)) {
      for (int i = 0; i < runs; i++) {
        try (OrtSession.Result r = session.run(Map.of("X", x))) {
          // result discarded
        }
      }
    }
    System.out.println("runs=" + runs);
    System.out.println("millis=" + (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * {@code runs} runs of {@code gram} on a batch of 4 items of 4 features, except every {@code every}-th
   * run after the first 150 (past the detector's warm-up), whose 4 items have {@code slowWidth} features:
   * a genuinely slow inference of the same model and the same batch size.
   */
  private static void spikes(OrtEnvironment env, Path model, int runs, int every, int slowWidth) throws Exception {
    int slow = 0;
    try (OrtSession session = env.createSession(model.toString());
        OnnxTensor x = OnnxTensor.createTensor(env, new float[4][4]);
        OnnxTensor wide = OnnxTensor.createTensor(env, new float[4][slowWidth])) {
      for (int i = 0; i < runs; i++) {
        boolean spike = i >= 150 && i % every == 0;
        slow += spike ? 1 : 0;
        try (OrtSession.Result r = session.run(Map.of("X", spike ? wide : x))) {
          // result discarded
        }
      }
    }
    System.out.println("slow=" + slow);
    System.out.println("normal=" + (runs - slow));
  }
}
