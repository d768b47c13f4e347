package io.inferscope.tests.apps;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A DJL application streaming a model's output ({@code Predictor.streamingPredict}) on the engine
 * given, with no agent-specific code. Usage: {@code DjlStreamingApp ENGINE MODE [CHUNKS] [ARG]}; it
 * prints what it observed as {@code key=value} lines.
 *
 * <ul>
 *   <li>{@code read}: reads every chunk through an iterator, pausing {@value #PAUSE_MS} ms before each;
 *       the stream is not closed.
 *   <li>{@code read-on-thread}: {@code forEach} on another thread, inside try-with-resources.
 *   <li>{@code close-early}: reads one chunk, then closes the stream.
 *   <li>{@code fail}: chunk ARG fails in the model; the reader gets the model's exception.
 *   <li>{@code abandon}: reads one chunk, keeps the stream but never touches it again, waits ARG ms.
 *   <li>{@code exit-open}: reads one chunk and exits with the stream open.
 *   <li>{@code unsupported}: streamingPredict with a translator that cannot stream.
 * </ul>
 */
public final class DjlStreamingApp {
  public static final String MODEL = "chunker";
  static final long PAUSE_MS = 60;
  static final float[] INPUT = {1, 2, 3};

  private DjlStreamingApp() {}

  public static void main(String[] args) throws Exception {
    String engine = args[0];
    String mode = args[1];
    int chunks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    int failAt = mode.equals("fail") ? Integer.parseInt(args[3]) : 0;
    try (Model model = Model.newInstance(MODEL, engine)) {
      model.setBlock(new ChunkingBlock(chunks, failAt));
      System.out.println("engine=" + model.getNDManager().getEngine().getEngineName());
      if (mode.equals("unsupported")) {
        unsupported(model);
        return;
      }
      try (Predictor<float[], Stream<float[]>> predictor = model.newPredictor(new ChunkTranslator())) {
        long t0 = System.nanoTime();
        Stream<float[]> stream = predictor.streamingPredict(INPUT).getIterativeOutput();
        System.out.println("returned.ms=" + (System.nanoTime() - t0) / 1_000_000);
        switch (mode) {
          case "read" -> read(stream);
          case "read-on-thread" -> readOnThread(stream);
          case "close-early" -> closeEarly(stream);
          case "fail" -> fail(stream);
          case "abandon" -> abandon(stream, Long.parseLong(args[3]));
          case "exit-open" -> exitOpen(stream);
          default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
      }
    }
  }

  private static void read(Stream<float[]> stream) throws InterruptedException {
    Iterator<float[]> chunks = stream.iterator();
    int n = 0;
    while (true) {
      Thread.sleep(PAUSE_MS);
      if (!chunks.hasNext()) {
        break;
      }
      print(n++, chunks.next());
    }
    System.out.println("chunks=" + n);
  }

  private static void readOnThread(Stream<float[]> stream) throws Exception {
    ExecutorService reader = Executors.newSingleThreadExecutor();
    reader.submit(() -> {
      int[] n = {0};
      try (stream) {
        stream.forEach(chunk -> print(n[0]++, chunk));
      }
      System.out.println("chunks=" + n[0]);
      System.out.println("reader=" + Thread.currentThread().getName());
      return null;
    }).get(1, TimeUnit.MINUTES);
    reader.shutdown();
  }

  private static void closeEarly(Stream<float[]> stream) {
    Iterator<float[]> chunks = stream.iterator();
    print(0, chunks.next());
    stream.close();
    System.out.println("chunks=1");
    System.out.println("closed=true");
  }

  private static void fail(Stream<float[]> stream) {
    int n = 0;
    try {
      Iterator<float[]> chunks = stream.iterator();
      while (chunks.hasNext()) {
        print(n, chunks.next());
        n++;
      }
      System.out.println("caught=nothing");
    } catch (RuntimeException e) {
      System.out.println("caught=" + e.getClass().getName());
      System.out.println("message=" + e.getMessage());
    }
    System.out.println("chunks=" + n);
  }

  private static void abandon(Stream<float[]> stream, long waitMillis) throws InterruptedException {
    print(0, stream.iterator().next());
    Thread.sleep(waitMillis);
    // Still reachable, never read again: only a timeout can tell it was abandoned.
    System.out.println("kept=" + (stream != null));
  }

  private static void exitOpen(Stream<float[]> stream) {
    print(0, stream.iterator().next());
    System.out.println("exiting=open");
  }

  private static void unsupported(Model model) {
    try (Predictor<float[], float[]> predictor = model.newPredictor(new FloatTranslator())) {
      predictor.streamingPredict(INPUT);
      System.out.println("caught=nothing");
    } catch (IllegalStateException | TranslateException e) {
      System.out.println("caught=" + e.getClass().getName());
      System.out.println("message=" + e.getMessage());
    }
  }

  private static void print(int index, float[] chunk) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < chunk.length; i++) {
      out.append(i == 0 ? "" : ",").append(chunk[i]);
    }
    System.out.println("chunk." + index + "=" + out);
  }
}
