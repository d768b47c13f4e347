package io.inferscope.tests.llm.fake;

import static io.inferscope.tests.llm.fake.Json.obj;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gemini's {@code models/{model}:generateContent}, {@code :streamGenerateContent} and
 * {@code :batchEmbedContents}, and Vertex AI's {@code :predict} of an embedding model. A stream is
 * SSE with {@code ?alt=sse} (what the Google SDKs ask for); without it Gemini streams one JSON array,
 * and so does this, one element per chunk. Usage comes with the last chunk only.
 */
final class GeminiFormat {
  private GeminiFormat() {}

  static Reply generate(Call c) {
    Map<String, Object> body = chunk(c, c.text(), true);
    return Reply.json(body);
  }

  static Reply streamGenerate(Call c) {
    boolean sse = "sse".equals(c.request().queryParameter("alt").orElse(null));
    List<String> pieces = c.pieces();
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      Map<String, Object> chunk = chunk(c, pieces.get(i), i == pieces.size() - 1);
      if (sse) {
        frames.add(Reply.sseData(chunk));
      } else {
        frames.add(Reply.utf8((i == 0 ? "[" : ",\r\n") + Json.write(chunk)));
      }
    }
    if (!sse) {
      frames.add(Reply.utf8("]"));
    }
    return Reply.stream(sse ? Reply.EVENT_STREAM : Reply.JSON, frames);
  }

  /** {@code :batchEmbedContents}: one vector per request, no usage (as the Gemini API answers). */
  static Reply batchEmbed(Call c) {
    Object requests = c.body().get("requests");
    int count = requests instanceof List<?> list ? list.size() : 0;
    List<Object> embeddings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      embeddings.add(obj("values", OpenAiFormat.floatEmbedding()));
    }
    return Reply.json(obj("embeddings", embeddings));
  }

  /** Vertex AI's {@code :predict} of an embedding model: a vector and a token count per instance. */
  static Reply predictEmbeddings(Call c) {
    Object instances = c.body().get("instances");
    int count = instances instanceof List<?> list ? list.size() : 0;
    List<Object> predictions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      predictions.add(obj("embeddings", obj("statistics", obj("truncated", false, "token_count", FakeAnswer.EMBEDDING_INPUT_TOKENS),
          "values", OpenAiFormat.floatEmbedding())));
    }
    return Reply.json(obj("predictions", predictions, "metadata", obj("billableCharacterCount", 30)));
  }

  /** One GenerateContentResponse; the last one carries finishReason and usageMetadata. */
  private static Map<String, Object> chunk(Call c, String text, boolean last) {
    Map<String, Object> candidate =
        obj("content", obj("role", "model", "parts", List.of(obj("text", text))));
    if (last) {
      candidate.put("finishReason", FakeAnswer.GEMINI_FINISH_REASON);
    }
    candidate.put("index", 0);
    Map<String, Object> body = obj("candidates", List.of(candidate));
    if (last && c.reportsUsage()) {
      int output = c.outputTokens();
      body.put("usageMetadata", obj("promptTokenCount", FakeAnswer.INPUT_TOKENS,
          "candidatesTokenCount", output,
          "totalTokenCount", FakeAnswer.INPUT_TOKENS + output + FakeAnswer.REASONING_TOKENS,
          "cachedContentTokenCount", FakeAnswer.CACHED_TOKENS,
          "thoughtsTokenCount", FakeAnswer.REASONING_TOKENS));
    }
    body.put("modelVersion", c.responseModel());
    body.put("responseId", FakeAnswer.GEMINI_RESPONSE_ID);
    return body;
  }
}
