package io.inferscope.sample;

import com.sun.net.httpserver.HttpHandler;
import io.inferscope.sample.assistant.AskEndpoint;
import io.inferscope.sample.assistant.Assistant;
import io.inferscope.sample.assistant.EmbedEndpoint;
import io.inferscope.sample.fakellm.FakeOpenAiServer;
import io.inferscope.sample.http.JsonHttp;
import io.inferscope.sample.http.LocalServer;
import io.inferscope.sample.http.PortInUseException;
import io.inferscope.sample.http.UpstreamException;
import io.inferscope.sample.risk.ClassifyEndpoint;
import io.inferscope.sample.risk.RiskClassifier;
import io.inferscope.sample.scoring.OrtScorer;
import io.inferscope.sample.scoring.ScoreEndpoint;
import io.inferscope.sample.traffic.TrafficGenerator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * An ordinary model-serving HTTP application: batch scoring on ONNX Runtime, risk classification
 * through DJL, and an assistant backed by an OpenAI-compatible LLM (openai-java and LangChain4j).
 * Nothing in it knows about tracing; run it with or without an agent.
 */
public final class SampleApp {
  static final String MODEL_NAME = "scorer";
  private static final int API_THREADS = 8;
  /** Used only with the built-in fake LLM, which checks no key; a real endpoint's key comes from OPENAI_API_KEY. */
  private static final String FAKE_API_KEY = "fake-key-for-the-built-in-llm";

  private SampleApp() {}

  public static void main(String[] args) throws Exception {
    AppOptions options;
    try {
      options = AppOptions.parse(args);
    } catch (AppOptions.UsageException e) {
      System.err.println("sample-app: " + e.getMessage() + "\n\n" + AppOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options == null) {
      System.out.print(AppOptions.USAGE);
      return;
    }
    try {
      run(options);
    } catch (PortInUseException e) {
      System.err.println("sample-app: " + e.getMessage());
      System.exit(1);
    } catch (Exception | Error e) { // also a missing native library: without exit, the servers' threads would linger
      System.err.println("sample-app: cannot start: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(AppOptions options) throws Exception {
    // Small writes (a streamed chunk, a short JSON answer) go out at once instead of waiting up to
    // 40 ms for the client's delayed ACK (Nagle's algorithm). Read when the first server is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // The model is local: DJL must never look for it (or anything else) on the network.
    if (System.getenv("DJL_OFFLINE") == null && System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    FakeOpenAiServer fakeLlm = options.llmBaseUrl() == null ? FakeOpenAiServer.start(0) : null;
    String llmBaseUrl = fakeLlm != null ? fakeLlm.baseUrl() : options.llmBaseUrl();
    if (fakeLlm != null) {
      log("built-in fake OpenAI-compatible LLM on " + llmBaseUrl);
    }

    // DJL first: its ONNX Runtime engine creates the process-wide OrtEnvironment with its own
    // settings and refuses to start if one exists already; the scorer then shares it.
    RiskClassifier classifier = new RiskClassifier(options.modelDir(), MODEL_NAME);
    OrtScorer scorer = new OrtScorer(options.modelDir().resolve(MODEL_NAME + ".onnx"));
    Assistant assistant = new Assistant(llmBaseUrl, apiKey(fakeLlm != null), options.chatModel(), options.embeddingModel());
    checkLlm(assistant, llmBaseUrl);
    log("models loaded from " + options.modelDir() + ": " + MODEL_NAME + ".onnx (" + scorer.features()
        + " features) on ONNX Runtime, and through DJL");

    Map<String, HttpHandler> routes = Map.of(
        "/score", new ScoreEndpoint(scorer),
        "/classify", new ClassifyEndpoint(classifier, scorer.features()),
        "/ask", new AskEndpoint(assistant),
        "/embed", new EmbedEndpoint(assistant),
        "/health", exchange -> {
          try (exchange) {
            JsonHttp.send(exchange, 200, Map.of("status", "ok"));
          }
        });
    LocalServer api = LocalServer.start("api", options.port(), API_THREADS, routes);
    log("listening on " + api.baseUrl() + " (POST /score, /classify, /ask, /embed; GET /health)");

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      api.close();
      if (fakeLlm != null) {
        fakeLlm.close();
      }
      assistant.close();
      classifier.close();
      try {
        scorer.close();
      } catch (Exception e) {
        // exiting anyway
      }
      stopped.countDown();
    }, "sample-app-shutdown"));

    if (options.traffic() > 0) {
      new TrafficGenerator(api.baseUrl(), options.concurrency()).run(options.traffic());
      if (fakeLlm != null) {
        log("fake LLM: " + fakeLlm.lateFirstChunks() + " streamed answers had a late first chunk");
      }
      if (options.exitAfterTraffic()) {
        System.exit(0);
      }
      log("still serving on " + api.baseUrl() + " until stopped (Ctrl-C)");
    }
    stopped.await();
  }

  /** OPENAI_API_KEY for a real endpoint (never printed); the fake's dummy key otherwise. */
  private static String apiKey(boolean fake) {
    if (fake) {
      return FAKE_API_KEY;
    }
    String key = System.getenv("OPENAI_API_KEY");
    if (key == null || key.isBlank()) {
      log("warning: OPENAI_API_KEY is not set; calling the LLM endpoint without a key");
      return "none";
    }
    return key;
  }

  /** The application still starts: /score and /classify work, /ask and /embed answer 502 until the LLM is up. */
  private static void checkLlm(Assistant assistant, String baseUrl) {
    try {
      log("LLM endpoint " + baseUrl + " answers (" + assistant.check() + " models)");
    } catch (UpstreamException e) {
      log("warning: " + e.getMessage() + "; /ask and /embed will answer 502 until it works");
    }
  }

  static void log(String line) {
    System.out.println("[sample-app] " + line);
  }
}
