package io.inferscope.sample;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The command line, checked: every mistake is reported with what was wrong and the usage. */
record AppOptions(
    int port,
    Path modelDir,
    String llmBaseUrl,
    String chatModel,
    String embeddingModel,
    int traffic,
    int concurrency,
    boolean exitAfterTraffic) {

  static final String USAGE = """
      Usage: sample-app [options]
        --port N                 HTTP port on 127.0.0.1 (default 8080; 0 = any free port)
        --models DIR             folder holding scorer.onnx (default: sample-app/models, else models)
        --llm-base-url URL       OpenAI-compatible API, e.g. https://api.openai.com/v1, key from OPENAI_API_KEY
                                 (default: a built-in fake LLM on its own port, no key, no network)
        --chat-model NAME        chat model (default gpt-4o-mini)
        --embedding-model NAME   embedding model (default text-embedding-3-small)
        --traffic N              send N requests, mixed over all endpoints, to this server once it is up
        --concurrency N          clients sending that traffic (default 4)
        --exit-after-traffic     exit when the traffic is done (default: keep serving until stopped)
        --help                   this text
      Endpoints: POST /score (ONNX Runtime), POST /classify (DJL), POST /ask and POST /embed (LLM), GET /health
      """;

  /** Thrown for a bad command line; its message says what is wrong. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }

  /** Returns null when --help was asked for. */
  static AppOptions parse(String[] args) throws UsageException {
    int port = 8080;
    Path modelDir = null;
    String llmBaseUrl = null;
    String chatModel = "gpt-4o-mini";
    String embeddingModel = "text-embedding-3-small";
    int traffic = 0;
    int concurrency = 4;
    boolean exitAfterTraffic = false;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      switch (option) {
        case "--help", "-h" -> {
          return null;
        }
        case "--exit-after-traffic" -> exitAfterTraffic = true;
        case "--port" -> port = integer(option, value(args, ++i, option), 0, 65535);
        case "--models" -> modelDir = Path.of(value(args, ++i, option));
        case "--llm-base-url" -> llmBaseUrl = baseUrl(value(args, ++i, option));
        case "--chat-model" -> chatModel = value(args, ++i, option);
        case "--embedding-model" -> embeddingModel = value(args, ++i, option);
        case "--traffic" -> traffic = integer(option, value(args, ++i, option), 0, 10_000_000);
        case "--concurrency" -> concurrency = integer(option, value(args, ++i, option), 1, 64);
        default -> throw new UsageException("unknown option '" + option + "'");
      }
    }
    if (exitAfterTraffic && traffic == 0) {
      throw new UsageException("--exit-after-traffic needs --traffic N");
    }
    return new AppOptions(port, findModelDir(modelDir), llmBaseUrl, chatModel, embeddingModel, traffic, concurrency,
        exitAfterTraffic);
  }

  private static String value(String[] args, int i, String option) throws UsageException {
    if (i >= args.length || args[i].startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    if (args[i].isBlank()) {
      throw new UsageException(option + " must not be empty");
    }
    return args[i];
  }

  private static int integer(String option, String value, int min, int max) throws UsageException {
    try {
      int n = Integer.parseInt(value.trim());
      if (n < min || n > max) {
        throw new UsageException(option + " must be between " + min + " and " + max + ", not " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " must be a whole number, not '" + value + "'");
    }
  }

  private static String baseUrl(String value) throws UsageException {
    try {
      URI uri = new URI(value);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new UsageException("--llm-base-url must be an http(s) URL such as https://api.openai.com/v1, not '"
            + value + "'");
      }
      if (uri.getUserInfo() != null || uri.getQuery() != null) {
        throw new UsageException("--llm-base-url must not carry credentials or a query; the key comes from OPENAI_API_KEY");
      }
      return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    } catch (URISyntaxException e) {
      throw new UsageException("--llm-base-url is not a URL: " + e.getMessage());
    }
  }

  /** The given folder, else sample-app/models (from the repository root), else models (from sample-app/). */
  private static Path findModelDir(Path given) throws UsageException {
    if (given != null) {
      if (!Files.isRegularFile(given.resolve(SampleApp.MODEL_NAME + ".onnx"))) {
        throw new UsageException("--models " + given + ": no " + SampleApp.MODEL_NAME + ".onnx there");
      }
      return given;
    }
    for (Path candidate : new Path[] {Path.of("sample-app", "models"), Path.of("models")}) {
      if (Files.isRegularFile(candidate.resolve(SampleApp.MODEL_NAME + ".onnx"))) {
        return candidate;
      }
    }
    throw new UsageException("cannot find " + SampleApp.MODEL_NAME + ".onnx in sample-app/models or models;"
        + " run from the repository root or pass --models DIR");
  }
}
