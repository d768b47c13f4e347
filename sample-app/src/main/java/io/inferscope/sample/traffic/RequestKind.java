package io.inferscope.sample.traffic;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** The requests generated traffic sends, one kind per endpoint and client, with their request bodies. */
enum RequestKind {
  SCORE("/score", "ONNX Runtime scoring") {
    @Override
    Object body(boolean spike, boolean drifted, Random random) {
      // A slow one is a batch of an ordinary size, made slow by a CPU-bound neighbour (see TrafficGenerator).
      float[][] rows = rows(spike ? CONTENDED_BATCH_ROWS : rowCount(random), random);
      if (drifted) {
        // An upstream change: the first feature arrives in other units, 2.5 standard deviations up.
        for (float[] row : rows) {
          row[0] += DRIFT_SHIFT;
        }
      }
      return Map.of("rows", rows);
    }
  },
  CLASSIFY("/classify", "DJL risk classification") {
    @Override
    Object body(boolean spike, boolean drifted, Random random) {
      // An active customer's profile is at hand; a new customer's must be fetched from the feature store.
      String customer = spike ? "new-customer-" + random.nextInt(Integer.MAX_VALUE) : "c-" + random.nextInt(ACTIVE_CUSTOMERS);
      return Map.of("customer", customer, "transactions", rows(1 + random.nextInt(4), random));
    }
  },
  ASK_OPENAI("/ask", "openai-java chat") {
    @Override
    Object body(boolean spike, boolean drifted, Random random) {
      return Map.of("question", question(random), "client", "openai", "stream", false);
    }
  },
  ASK_STREAM("/ask", "openai-java streamed chat") {
    @Override
    Object body(boolean spike, boolean drifted, Random random) {
      return Map.of("question", question(random), "client", "openai", "stream", true);
    }
  },
  ASK_LANGCHAIN4J("/ask", "LangChain4j chat") {
    @Override
    Object body(boolean spike, boolean drifted, Random random) {
      return Map.of("question", question(random), "client", "langchain4j");
    }
  },
  EMBED("/embed", "openai-java embeddings") {
    @Override
    Object body(boolean spike, boolean drifted, Random random) {
      return Map.of("texts", QUESTIONS.subList(0, 1 + random.nextInt(3)));
    }
  };

  /** How far the scoring rows' first feature moves in the last third of the traffic (input drift). */
  static final float DRIFT_SHIFT = 2.5f;

  /** One scoring request in this many is a big batch (normal traffic: a bulk caller, dynamic batching). */
  static final int BIG_BATCH_EVERY = 8;
  /** Big batches: log-uniform over these many rows, up to some thousand times a small request's work. */
  static final int BIG_BATCH_MIN_ROWS = 1_000;
  static final int BIG_BATCH_MAX_ROWS = 30_000;
  /** The rows of a scoring request sent while the host's CPUs are contended: a big batch of ordinary size. */
  static final int CONTENDED_BATCH_ROWS = 20_000;
  /** Customers c-0 to c-999 are active: their profiles need no feature-store round trip. */
  static final int ACTIVE_CUSTOMERS = 1000;
  private static final int FEATURES = 4;
  private static final List<String> QUESTIONS = List.of(
      "Why was this card payment sent to review?",
      "How long does a refund take to settle?",
      "What makes a merchant high risk?",
      "When does a chargeback usually arrive?",
      "Which rule declined the payment from abroad?");

  final String path;
  final String label;

  RequestKind(String path, String label) {
    this.path = path;
    this.label = label;
  }

  /**
   * The JSON body.
   *
   * @param spike make this request genuinely slow, where the kind has a way to
   * @param drifted the request is in the last third of the traffic, where scoring inputs have drifted
   */
  abstract Object body(boolean spike, boolean drifted, Random random);

  /** Whether {@code spike} changes anything: the streamed chat's slowness is the fake LLM's own doing. */
  boolean sendsSpikes() {
    return this == SCORE || this == CLASSIFY;
  }

  /** 1..8 rows, or for one request in {@link #BIG_BATCH_EVERY} a big batch (normal traffic all the same). */
  static int rowCount(Random random) {
    if (random.nextInt(BIG_BATCH_EVERY) != 0) {
      return 1 + random.nextInt(8);
    }
    double lo = Math.log(BIG_BATCH_MIN_ROWS);
    return (int) Math.round(Math.exp(lo + (Math.log(BIG_BATCH_MAX_ROWS) - lo) * random.nextDouble()));
  }

  private static float[][] rows(int count, Random random) {
    float[][] rows = new float[count][FEATURES];
    for (float[] row : rows) {
      for (int i = 0; i < FEATURES; i++) {
        row[i] = (float) random.nextGaussian();
      }
    }
    return rows;
  }

  private static String question(Random random) {
    return QUESTIONS.get(random.nextInt(QUESTIONS.size()));
  }
}
