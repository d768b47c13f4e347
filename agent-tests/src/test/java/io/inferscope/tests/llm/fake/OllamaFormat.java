package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.FakeAnswer.OLLAMA_CREATED_AT;
import static io.inferscope.tests.llm.fake.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Ollama's native API. Unlike the others it streams by default ({@code "stream": false} asks for
 * one object), as newline-delimited JSON, and reports usage only in the final {@code done} line.
 */
final class OllamaFormat {
  private OllamaFormat() {}

  /** Fixed durations (nanoseconds) for the final line, so that they too are deterministic. */
  static final long TOTAL_DURATION = 1_000_000L;
  static final long LOAD_DURATION = 100_000L;
  static final long PROMPT_EVAL_DURATION = 200_000L;
  static final long EVAL_DURATION = 700_000L;

  /** {@code /api/chat}: {@code message} objects. */
  static Reply chat(Call c) {
    return answer(c, text -> obj("message", obj("role", "assistant", "content", text)));
  }

  /** {@code /api/generate}: a bare {@code response} string. */
  static Reply generate(Call c) {
    return answer(c, text -> obj("response", text));
  }

  private static Reply answer(Call c, Function<String, Map<String, Object>> content) {
    if (!c.flag("stream", true)) {
      return Reply.json(done(c, content.apply(c.text())));
    }
    List<byte[]> frames = new ArrayList<>();
    for (String piece : c.pieces()) {
      Map<String, Object> line = head(c);
      line.putAll(content.apply(piece));
      line.put("done", false);
      frames.add(Reply.ndjson(line));
    }
    frames.add(Reply.ndjson(done(c, content.apply(""))));
    return Reply.stream(Reply.NDJSON, frames);
  }

  private static Map<String, Object> head(Call c) {
    return obj("model", c.responseModel(), "created_at", OLLAMA_CREATED_AT);
  }

  private static Map<String, Object> done(Call c, Map<String, Object> content) {
    Map<String, Object> line = head(c);
    line.putAll(content);
    line.put("done", true);
    line.put("done_reason", FakeAnswer.OLLAMA_DONE_REASON);
    line.put("total_duration", TOTAL_DURATION);
    line.put("load_duration", LOAD_DURATION);
    if (c.reportsUsage()) {
      line.put("prompt_eval_count", FakeAnswer.INPUT_TOKENS);
      line.put("prompt_eval_duration", PROMPT_EVAL_DURATION);
      line.put("eval_count", c.outputTokens());
      line.put("eval_duration", EVAL_DURATION);
    }
    return line;
  }

  /** {@code /api/embed}: one vector per input (a string or a list of strings). */
  static Reply embed(Call c) {
    int count = Call.inputCount(c.body().get("input"));
    List<Object> vectors = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      vectors.add(OpenAiFormat.floatEmbedding());
    }
    Map<String, Object> body = obj("model", c.responseModel(), "embeddings", vectors,
        "total_duration", TOTAL_DURATION, "load_duration", LOAD_DURATION);
    if (c.reportsUsage()) {
      body.put("prompt_eval_count", FakeAnswer.EMBEDDING_INPUT_TOKENS);
    }
    return Reply.json(body);
  }

  /** The older {@code /api/embeddings}: one {@code embedding} for one {@code prompt}. */
  static Reply legacyEmbeddings(Call c) {
    return Reply.json(obj("embedding", OpenAiFormat.floatEmbedding()));
  }
}
