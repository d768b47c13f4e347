package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.FakeAnswer.CACHED_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.CREATED;
import static io.inferscope.tests.llm.fake.FakeAnswer.INPUT_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.OPENAI_FINISH_REASON;
import static io.inferscope.tests.llm.fake.FakeAnswer.REASONING_TOKENS;
import static io.inferscope.tests.llm.fake.FakeAnswer.SYSTEM_FINGERPRINT;
import static io.inferscope.tests.llm.fake.Json.obj;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * OpenAI's chat completions, legacy completions and embeddings (Azure OpenAI answers the same).
 * openai-java reads fields such as {@code logprobs} and {@code refusal} as required-but-nullable,
 * so they are sent as {@code null} rather than left out.
 */
final class OpenAiFormat {
  private OpenAiFormat() {}

  static Reply chat(Call c) {
    int n = choiceCount(c);
    if (c.flag("stream", false)) {
      return chatStream(c, n);
    }
    List<Object> choices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> message =
          obj("role", "assistant", "content", c.text(), "refusal", null, "annotations", List.of());
      choices.add(obj("index", i, "message", message, "logprobs", null, "finish_reason", OPENAI_FINISH_REASON));
    }
    Map<String, Object> body = obj("id", FakeAnswer.CHAT_COMPLETION_ID, "object", "chat.completion",
        "created", CREATED, "model", c.responseModel(), "choices", choices);
    if (c.reportsUsage()) {
      body.put("usage", usage(c));
    }
    body.put("service_tier", "default");
    body.put("system_fingerprint", SYSTEM_FINGERPRINT);
    return Reply.json(body);
  }

  /**
   * Role chunk, content deltas, finish chunk (each for every choice), then the usage chunk only if
   * {@code stream_options.include_usage} asked for it, then {@code [DONE]}: the order OpenAI uses.
   */
  private static Reply chatStream(Call c, int n) {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      frames.add(chatChunk(c, List.of(obj("index", i, "delta", obj("role", "assistant", "content", ""),
          "logprobs", null, "finish_reason", null))));
    }
    for (String piece : c.pieces()) {
      for (int i = 0; i < n; i++) {
        frames.add(chatChunk(c, List.of(obj("index", i, "delta", obj("content", piece),
            "logprobs", null, "finish_reason", null))));
      }
    }
    for (int i = 0; i < n; i++) {
      frames.add(chatChunk(c, List.of(obj("index", i, "delta", obj(),
          "logprobs", null, "finish_reason", OPENAI_FINISH_REASON))));
    }
    if (includeUsage(c)) {
      Map<String, Object> last = chatChunkBody(c, List.of());
      last.put("usage", usage(c));
      frames.add(Reply.sseData(last));
    }
    frames.add(Reply.sseDone());
    return Reply.stream(Reply.EVENT_STREAM, frames);
  }

  private static byte[] chatChunk(Call c, List<Object> choices) {
    return Reply.sseData(chatChunkBody(c, choices));
  }

  private static Map<String, Object> chatChunkBody(Call c, List<Object> choices) {
    return obj("id", FakeAnswer.CHAT_COMPLETION_ID, "object", "chat.completion.chunk", "created", CREATED,
        "model", c.responseModel(), "system_fingerprint", SYSTEM_FINGERPRINT, "choices", choices);
  }

  /** Legacy {@code /v1/completions}: {@code choices[].text} instead of a message. */
  static Reply completion(Call c) {
    int n = choiceCount(c);
    if (c.flag("stream", false)) {
      List<byte[]> frames = new ArrayList<>();
      for (String piece : c.pieces()) {
        for (int i = 0; i < n; i++) {
          frames.add(completionChunk(c, List.of(completionChoice(i, piece, null))));
        }
      }
      for (int i = 0; i < n; i++) {
        frames.add(completionChunk(c, List.of(completionChoice(i, "", OPENAI_FINISH_REASON))));
      }
      if (includeUsage(c)) {
        Map<String, Object> last = completionBody(c, List.of());
        last.put("usage", usage(c));
        frames.add(Reply.sseData(last));
      }
      frames.add(Reply.sseDone());
      return Reply.stream(Reply.EVENT_STREAM, frames);
    }
    List<Object> choices = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      choices.add(completionChoice(i, c.text(), OPENAI_FINISH_REASON));
    }
    Map<String, Object> body = completionBody(c, choices);
    if (c.reportsUsage()) {
      body.put("usage", usage(c));
    }
    return Reply.json(body);
  }

  private static Map<String, Object> completionChoice(int index, String text, String finishReason) {
    return obj("text", text, "index", index, "logprobs", null, "finish_reason", finishReason);
  }

  private static byte[] completionChunk(Call c, List<Object> choices) {
    return Reply.sseData(completionBody(c, choices));
  }

  private static Map<String, Object> completionBody(Call c, List<Object> choices) {
    return obj("id", FakeAnswer.COMPLETION_ID, "object", "text_completion", "created", CREATED,
        "model", c.responseModel(), "system_fingerprint", SYSTEM_FINGERPRINT, "choices", choices);
  }

  /**
   * One {@link FakeAnswer#embedding()} per input. openai-java asks for {@code base64} by default
   * (and decodes little-endian float32s), so that encoding is honoured.
   */
  static Reply embeddings(Call c) {
    boolean base64 = "base64".equals(c.string("encoding_format"));
    int count = Call.inputCount(c.body().get("input"));
    List<Object> data = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      data.add(obj("object", "embedding", "index", i, "embedding", base64 ? base64Embedding() : floatEmbedding()));
    }
    Map<String, Object> body = obj("object", "list", "data", data, "model", c.responseModel());
    if (c.reportsUsage()) {
      body.put("usage", obj("prompt_tokens", FakeAnswer.EMBEDDING_INPUT_TOKENS,
          "total_tokens", FakeAnswer.EMBEDDING_INPUT_TOKENS));
    }
    return Reply.json(body);
  }

  static List<Object> floatEmbedding() {
    List<Object> values = new ArrayList<>();
    for (float f : FakeAnswer.embedding()) {
      values.add(f);
    }
    return values;
  }

  private static String base64Embedding() {
    float[] values = FakeAnswer.embedding();
    ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : values) {
      buffer.putFloat(f);
    }
    return Base64.getEncoder().encodeToString(buffer.array());
  }

  /** Chat and legacy completions' usage; reasoning tokens are part of the completion tokens. */
  static Map<String, Object> usage(Call c) {
    int output = c.outputTokens();
    return obj("prompt_tokens", INPUT_TOKENS, "completion_tokens", output, "total_tokens", INPUT_TOKENS + output,
        "prompt_tokens_details", obj("cached_tokens", CACHED_TOKENS, "audio_tokens", 0),
        "completion_tokens_details", obj("reasoning_tokens", REASONING_TOKENS, "audio_tokens", 0,
            "accepted_prediction_tokens", 0, "rejected_prediction_tokens", 0));
  }

  private static boolean includeUsage(Call c) {
    Object include = c.object("stream_options").get("include_usage");
    return Boolean.TRUE.equals(include) && c.reportsUsage();
  }

  private static int choiceCount(Call c) {
    return (int) Math.max(1, Math.min(16, c.number("n", 1)));
  }
}
