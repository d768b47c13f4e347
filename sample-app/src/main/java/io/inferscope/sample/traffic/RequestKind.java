package io.inferscope.sample.traffic;

import java.util.List;
import java.util.Map;
import java.util.Random;

/** The requests generated traffic sends, one kind per endpoint and client, with their request bodies. */
enum RequestKind {
  SCORE("/score", "ONNX Runtime scoring") {
    @Override
    Object body(boolean spike, Random random) {
      return Map.of("rows", rows(spike ? LARGE_BATCH_ROWS : 1 + random.nextInt(8), random));
    }
  },
  CLASSIFY("/classify", "DJL risk classification") {
    @Override
    Object body(boolean spike, Random random) {
      // An active customer's profile is at hand; a new customer's must be fetched from the feature store.
      String customer = spike ? "new-customer-" + random.nextInt(Integer.MAX_VALUE) : "c-" + random.nextInt(ACTIVE_CUSTOMERS);
      return Map.of("customer", customer, "transactions", rows(1 + random.nextInt(4), random));
    }
  },
  ASK_OPENAI("/ask", "openai-java chat") {
    @Override
    Object body(boolean spike, Random random) {
      return Map.of("question", question(random), "client", "openai", "stream", false);
    }
  },
  ASK_STREAM("/ask", "openai-java streamed chat") {
    @Override
    Object body(boolean spike, Random random) {
      return Map.of("question", question(random), "client", "openai", "stream", true);
    }
  },
  ASK_LANGCHAIN4J("/ask", "LangChain4j chat") {
    @Override
    Object body(boolean spike, Random random) {
      return Map.of("question", question(random), "client", "langchain4j");
    }
  },
  EMBED("/embed", "openai-java embeddings") {
    @Override
    Object body(boolean spike, Random random) {
      return Map.of("texts", QUESTIONS.subList(0, 1 + random.nextInt(3)));
    }
  };

  /** Rows in a slow scoring request: about 1 MB of JSON and some thousand times a normal batch's work. */
  static final int LARGE_BATCH_ROWS = 30_000;
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

  /** The JSON body; {@code spike}: make this request genuinely slow, where the kind has a way to. */
  abstract Object body(boolean spike, Random random);

  /** Whether {@code spike} changes anything: the streamed chat's slowness is the fake LLM's own doing. */
  boolean sendsSpikes() {
    return this == SCORE || this == CLASSIFY;
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
