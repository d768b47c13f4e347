package io.inferscope.tests.apps.transport;

/**
 * The calls {@link TransportSuiteApp} makes, the same for every client: what is sent where, and how
 * the application reads the answer. Each case asks for a model of its own (a tag after {@code :},
 * which the fake server ignores when it picks the behaviour the name before it selects), so that the
 * test finds each case's span, metric series and request among all those of one JVM.
 */
public enum TransportCase {
  /** Every request parameter the agent maps to a gen_ai.request.* attribute, two choices asked for. */
  CHAT(Batch.MAIN, Read.WHOLE, false, OpenAi.CHAT, "gpt-4o-mini:chat",
      "\"temperature\":0.2,\"top_p\":0.9,\"max_tokens\":64,\"frequency_penalty\":0.5,\"presence_penalty\":0.25,"
          + "\"stop\":[\"END\",\"STOP\"],\"seed\":42,\"n\":2,\"response_format\":{\"type\":\"json_object\"},"),
  /** One choice asked for explicitly: the default, so no choice count. */
  ONE_CHOICE(Batch.MAIN, Read.WHOLE, false, OpenAi.CHAT, "gpt-4o-mini:one-choice", "\"n\":1,"),
  /** An OpenAI SSE stream with usage, read line by line to its end. */
  SSE(Batch.MAIN, Read.ALL_LINES, false, OpenAi.CHAT, "gpt-4o-mini:sse", OpenAi.STREAM),
  /** Ollama's native chat, which streams NDJSON unless told not to, read line by line to its end. */
  NDJSON(Batch.MAIN, Read.ALL_LINES, false, "/api/chat", "llama3.2:ndjson",
      "\"options\":{\"temperature\":0.1,\"num_predict\":32,\"seed\":7},"),
  /** An SSE reader that stops at {@code data: [DONE]} and closes without reading the body's end. */
  UNTIL_DONE(Batch.MAIN, Read.UNTIL_DONE, false, OpenAi.CHAT, "gpt-4o-mini:until-done", OpenAi.STREAM),
  /** A stream that stalls after its first chunk, closed by the application after the first line. */
  CLOSE_EARLY(Batch.MAIN, Read.FIRST_LINE, false, OpenAi.CHAT, "stall:close-early", OpenAi.STREAM),
  /** A 429 with an error body, which the application reads like any answer. */
  RATE_LIMITED(Batch.MAIN, Read.WHOLE, false, OpenAi.CHAT, "error-429:rate-limited", ""),
  /** A call to a port nobody listens on. */
  REFUSED(Batch.MAIN, Read.WHOLE, true, OpenAi.CHAT, "gpt-4o-mini:refused", ""),
  /**
   * The asynchronous API; the callback makes one more LLM call. The answer comes 500 ms late, so the
   * callback is attached long before the call completes and runs on the client's thread.
   */
  ASYNC(Batch.MAIN, Read.ASYNC, false, OpenAi.CHAT, "slow:async", ""),
  /** The asynchronous API to a port nobody listens on. */
  ASYNC_REFUSED(Batch.MAIN, Read.ASYNC, true, OpenAi.CHAT, "gpt-4o-mini:async-refused", ""),
  /**
   * An ordinary SSE stream read to its end, first in its batch: the client's first call in the JVM
   * (class loading, first connection, the agent's first parse, all slow on a loaded machine) gets its
   * answer late, which is {@link #LATE_STREAM}'s subject, not the slow or abandoned stream's.
   */
  WARM_UP(Batch.WATCHDOG, Read.ALL_LINES, false, OpenAi.CHAT, "gpt-4o-mini:warm-up", OpenAi.STREAM),
  /** A stream whose chunks come 200 ms apart, the application blocked in read for each. */
  SLOW_STREAM(Batch.WATCHDOG, Read.ALL_LINES, false, OpenAi.CHAT, "slow:slow-stream", OpenAi.STREAM),
  /**
   * A stream whose answer starts 500 ms late, longer than the watchdog batch's idle timeout; the
   * application does a little work of its own before it reads it to the end.
   */
  LATE_STREAM(Batch.WATCHDOG, Read.PAUSE_THEN_ALL_LINES, false, OpenAi.CHAT, "late:late-stream", OpenAi.STREAM),
  /** A stalled stream the application keeps open but neither reads nor closes for 2 s. */
  ABANDONED(Batch.WATCHDOG, Read.HOLD, false, OpenAi.CHAT, "stall:abandoned", OpenAi.STREAM);

  /** Cases of one batch run in one application JVM. */
  public enum Batch {
    /** With the agent's defaults. */
    MAIN,
    /** With a short stream idle timeout, so that the watchdog acts within the test. */
    WATCHDOG
  }

  /** How the application reads the answer. */
  public enum Read {
    /** {@link LlmTransport#post}: the whole body. */
    WHOLE,
    /** {@link LlmTransport#open}: every line to the end, then closed. */
    ALL_LINES,
    /** {@link LlmTransport#open}: a short pause (the application's own work), then as {@link #ALL_LINES}. */
    PAUSE_THEN_ALL_LINES,
    /** {@link LlmTransport#open}: lines up to {@code data: [DONE]}, then closed. */
    UNTIL_DONE,
    /** {@link LlmTransport#open}: the first line, then closed. */
    FIRST_LINE,
    /** {@link LlmTransport#open}: nothing read for 2 s, then closed. */
    HOLD,
    /** {@link LlmTransport#postAsync}. */
    ASYNC
  }

  public final Batch batch;
  public final Read read;
  /** Whether the call goes to a closed port instead of the fake server. */
  public final boolean refused;
  /** The path after the base URL. */
  public final String path;
  /** The model the request asks for; its span is named for it. */
  public final String model;
  /** The request body. */
  public final String body;

  TransportCase(Batch batch, Read read, boolean refused, String path, String model, String parameters) {
    this.batch = batch;
    this.read = read;
    this.refused = refused;
    this.path = path;
    this.model = model;
    this.body = "{\"model\":\"" + model + "\"," + parameters + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  }

  /** Whether the application reads only a part of the answer. */
  public boolean readsPart() {
    return read == Read.UNTIL_DONE || read == Read.FIRST_LINE || read == Read.HOLD;
  }

  private static final class OpenAi {
    static final String CHAT = "/v1/chat/completions";
    static final String STREAM = "\"stream\":true,\"stream_options\":{\"include_usage\":true},";
  }
}
