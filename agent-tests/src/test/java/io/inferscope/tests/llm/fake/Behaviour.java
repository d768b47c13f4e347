package io.inferscope.tests.llm.fake;

import java.util.Locale;

/**
 * How {@link FakeLlmServer} answers one request, chosen by the model name the request carries (the
 * JSON field {@code model}, the Azure deployment or the Gemini model in the path). Driving behaviour
 * through the model name lets a test steer any SDK, in a forked JVM too, without a side channel.
 *
 * <p>The match is exact and case-insensitive; an Ollama-style tag ({@code ":latest"}) is ignored.
 * Every other name is {@link #NORMAL}.
 */
public enum Behaviour {
  /** The deterministic answer of {@link FakeAnswer}. */
  NORMAL(null),
  /** 400 with an invalid-request error body in the format of the endpoint. */
  ERROR_400("error-400"),
  /**
   * 429 with {@code Retry-After: 0}, {@code retry-after-ms: 0} and a rate-limit error body in the
   * format of the endpoint.
   */
  ERROR_429("error-429"),
  /** 500 with {@code Retry-After: 0}, {@code retry-after-ms: 0} and a server error body. */
  ERROR_500("error-500"),
  /**
   * 503 with {@code retry-after-ms: 0} (no {@code Retry-After}: OkHttp would resend on its own) and
   * an overloaded/unavailable error body.
   */
  ERROR_503("error-503"),
  /** 200, {@code Content-Type: application/json}, body {@link FakeAnswer#MALFORMED_BODY}. */
  MALFORMED("malformed"),
  /**
   * Streams: the first two chunks, a pause of {@link FakeAnswer#TRUNCATE_PAUSE_MILLIS}, then the
   * connection is closed (FIN, not reset) without the final event, without
   * {@code [DONE]} and without the chunked-encoding terminator. Non-streams: a Content-Length larger
   * than the bytes sent (half of the body), then the connection is closed.
   */
  TRUNCATE("truncate"),
  /** Streams: chunks 200 ms apart. Non-streams: the answer after 500 ms. */
  SLOW("slow"),
  /**
   * Streams: the first chunk, then nothing until the client closes the connection or the server is
   * closed. Non-streams: no response at all, on the same terms.
   */
  STALL("stall"),
  /**
   * The answer, status line included, starts {@link FakeAnswer#LATE_ANSWER_DELAY_MILLIS} late (a
   * queued request, a model loading), then comes as {@link #NORMAL}'s, a stream's chunks at once.
   */
  LATE("late"),
  /** A valid answer whose text is {@link FakeAnswer#HUGE_CONTENT_LENGTH} characters. */
  HUGE("huge"),
  /** A valid answer that carries no usage at all, even when the request asks for it. */
  NO_USAGE("no-usage");

  /** The model name that selects this behaviour; {@code null} for {@link #NORMAL}. */
  public final String modelName;

  Behaviour(String modelName) {
    this.modelName = modelName;
  }

  /** The behaviour a request for {@code model} gets. */
  public static Behaviour forModel(String model) {
    if (model == null) {
      return NORMAL;
    }
    String name = model.toLowerCase(Locale.ROOT);
    int tag = name.indexOf(':');
    if (tag >= 0) {
      name = name.substring(0, tag);
    }
    for (Behaviour b : values()) {
      if (name.equals(b.modelName)) {
        return b;
      }
    }
    return NORMAL;
  }

  /** The HTTP status of an error behaviour, or 0 for the others. */
  int errorStatus() {
    return switch (this) {
      case ERROR_400 -> 400;
      case ERROR_429 -> 429;
      case ERROR_500 -> 500;
      case ERROR_503 -> 503;
      default -> 0;
    };
  }
}
