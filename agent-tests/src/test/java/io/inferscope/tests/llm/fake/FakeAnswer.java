package io.inferscope.tests.llm.fake;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The deterministic answer of {@link FakeLlmServer}: every constant a test may want to assert on.
 * Nothing here depends on the request except the model (echoed with {@link #RESPONSE_MODEL_SUFFIX})
 * and, for {@link Behaviour#HUGE} and {@link Behaviour#NO_USAGE}, the behaviour.
 */
public final class FakeAnswer {
  private FakeAnswer() {}

  /** The assistant's text in every format. */
  public static final String CONTENT = "Hello from the fake LLM.";

  /** How streams split {@link #CONTENT}: one delta per piece, in this order. */
  public static final List<String> CONTENT_PIECES = List.of("Hello", " from", " the", " fake", " LLM.");

  /** Prompt/input tokens reported by every format that reports usage. */
  public static final int INPUT_TOKENS = 11;

  /** Completion/output tokens (OpenAI: reasoning included; Gemini: reasoning excluded). */
  public static final int OUTPUT_TOKENS = 7;

  /** {@link #INPUT_TOKENS} + {@link #OUTPUT_TOKENS}: OpenAI {@code total_tokens}. */
  public static final int TOTAL_TOKENS = INPUT_TOKENS + OUTPUT_TOKENS;

  /** OpenAI {@code cached_tokens}, Anthropic {@code cache_read_input_tokens}, Gemini cached. */
  public static final int CACHED_TOKENS = 3;

  /** Anthropic {@code cache_creation_input_tokens}. */
  public static final int CACHE_CREATION_TOKENS = 5;

  /** OpenAI {@code reasoning_tokens} (part of the output tokens), Gemini {@code thoughtsTokenCount}. */
  public static final int REASONING_TOKENS = 2;

  /** Gemini's {@code totalTokenCount}: prompt + candidates + thoughts, as Gemini counts it. */
  public static final int GEMINI_TOTAL_TOKENS = INPUT_TOKENS + OUTPUT_TOKENS + REASONING_TOKENS;

  /**
   * Anthropic streams report this many output tokens in {@code message_start}, as the real API
   * does, and the final {@link #OUTPUT_TOKENS} in {@code message_delta}.
   */
  public static final int ANTHROPIC_START_OUTPUT_TOKENS = 1;

  /** Appended to the requested model in every answer, so request and response model differ. */
  public static final String RESPONSE_MODEL_SUFFIX = "-2024-07-18";

  /** {@code created}/{@code created_at} of OpenAI answers (Unix seconds). */
  public static final long CREATED = 1_721_260_800L;

  /** Ollama's {@code created_at}. */
  public static final String OLLAMA_CREATED_AT = "2024-07-18T00:00:00.000000Z";

  public static final String SYSTEM_FINGERPRINT = "fp_fake0001";

  /** Ids per format: chat completion, legacy completion, Responses API, its output item, etc. */
  public static final String CHAT_COMPLETION_ID = "chatcmpl-fake0001";
  public static final String COMPLETION_ID = "cmpl-fake0001";
  public static final String RESPONSE_ID = "resp_fake0001";
  public static final String RESPONSE_OUTPUT_ITEM_ID = "msg_fakeoutput0001";
  public static final String ANTHROPIC_MESSAGE_ID = "msg_fake0001";
  public static final String GEMINI_RESPONSE_ID = "fake-gemini-0001";

  /** Finish reasons per format. */
  public static final String OPENAI_FINISH_REASON = "stop";
  public static final String RESPONSES_STATUS = "completed";
  public static final String ANTHROPIC_STOP_REASON = "end_turn";
  public static final String OLLAMA_DONE_REASON = "stop";
  public static final String GEMINI_FINISH_REASON = "STOP";

  /** Length of each embedding vector. */
  public static final int EMBEDDING_DIMENSION = 8;

  /**
   * The embedding of every input. Binary fractions only, so the values survive JSON text and
   * float32/base64 round trips exactly.
   */
  private static final float[] EMBEDDING_VALUES = {0.5f, -0.25f, 0.125f, 1.0f, -1.0f, 0.0625f, 2.0f, -0.75f};

  public static float[] embedding() {
    return EMBEDDING_VALUES.clone();
  }

  /** Ollama's {@code /api/embed} {@code prompt_eval_count} and OpenAI embeddings' usage. */
  public static final int EMBEDDING_INPUT_TOKENS = INPUT_TOKENS;

  /** The body of {@link Behaviour#MALFORMED}: JSON cut off mid-array. */
  public static final String MALFORMED_BODY = "{\"id\": \"chatcmpl-1\", \"choices\": [";

  /** {@link Behaviour#HUGE}: characters (ASCII, so also bytes) of the text. */
  public static final int HUGE_CONTENT_LENGTH = 3 * 1024 * 1024;

  /** {@link Behaviour#HUGE}: characters per stream delta, so 192 deltas. */
  public static final int HUGE_PIECE_LENGTH = 16 * 1024;

  /** {@link Behaviour#HUGE}: output tokens reported, at four characters a token. */
  public static final int HUGE_OUTPUT_TOKENS = HUGE_CONTENT_LENGTH / 4;

  /** {@link Behaviour#SLOW}: pause between stream chunks, and before a whole answer. */
  public static final long SLOW_CHUNK_DELAY_MILLIS = 200;

  public static final long SLOW_RESPONSE_DELAY_MILLIS = 500;

  /** {@link Behaviour#LATE}: wait before the status line. */
  public static final long LATE_ANSWER_DELAY_MILLIS = 500;

  /** {@link Behaviour#TRUNCATE} streams: pause after the two chunks before the connection ends. */
  public static final long TRUNCATE_PAUSE_MILLIS = 400;

  /** Error messages; the 429 one is the one OpenAI sends. */
  public static final String RATE_LIMIT_MESSAGE = "Rate limit reached";
  public static final String SERVER_ERROR_MESSAGE = "The server had an error while processing your request.";
  public static final String OVERLOADED_MESSAGE = "The server is overloaded, please try again later.";
  public static final String INVALID_REQUEST_MESSAGE = "Invalid request: the fake LLM was asked for error-400.";

  /** The text for a behaviour: {@link #CONTENT}, or the huge text. */
  static String text(Behaviour behaviour) {
    return behaviour == Behaviour.HUGE ? Huge.TEXT : CONTENT;
  }

  /** The stream deltas for a behaviour; they always concatenate to {@link #text}. */
  static List<String> pieces(Behaviour behaviour) {
    return behaviour == Behaviour.HUGE ? Huge.PIECES : CONTENT_PIECES;
  }

  static int outputTokens(Behaviour behaviour) {
    return behaviour == Behaviour.HUGE ? HUGE_OUTPUT_TOKENS : OUTPUT_TOKENS;
  }

  /** Built on first use only, so that servers that never answer {@code huge} do not pay for it. */
  private static final class Huge {
    static final String TEXT;
    static final List<String> PIECES;

    static {
      String sentence = "The fake LLM repeats itself to make a very large answer. ";
      StringBuilder text = new StringBuilder(HUGE_CONTENT_LENGTH + sentence.length());
      while (text.length() < HUGE_CONTENT_LENGTH) {
        text.append(sentence);
      }
      text.setLength(HUGE_CONTENT_LENGTH);
      TEXT = text.toString();
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < TEXT.length(); i += HUGE_PIECE_LENGTH) {
        pieces.add(TEXT.substring(i, Math.min(TEXT.length(), i + HUGE_PIECE_LENGTH)));
      }
      PIECES = Collections.unmodifiableList(pieces);
    }
  }
}
