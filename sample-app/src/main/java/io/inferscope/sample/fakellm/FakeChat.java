package io.inferscope.sample.fakellm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.inferscope.sample.http.BadRequestException;
import io.inferscope.sample.http.JsonHttp;
import io.inferscope.sample.traffic.SpikeSchedule;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chat completions in OpenAI's wire format. The pace imitates a model: a short "prefill" before the
 * first token, then a steady time per token. By the {@link SpikeSchedule}, a streamed answer's first
 * chunk is held back {@link #LATE_FIRST_CHUNK_MILLIS} ms, as when a provider queues a request.
 */
final class FakeChat {
  static final long LATE_FIRST_CHUNK_MILLIS = 600;
  private static final int PREFILL_MILLIS = 12;
  private static final int PREFILL_JITTER_MILLIS = 6;
  private static final int MILLIS_PER_TOKEN = 1;
  private static final String[] SENTENCES = {
      "Card payments above the customer's usual amount are sent to review.",
      "Most declines come from a mismatch between the billing and the shipping country.",
      "A chargeback usually arrives within thirty days of the original payment.",
      "Refunds are settled to the original payment method in three to five business days.",
      "Velocity rules count how many payments a card made in the last hour.",
      "Merchants in high-risk categories have a lower automatic approval limit.",
  };

  private final AtomicLong ids = new AtomicLong();
  private final AtomicLong streams = new AtomicLong();
  private final AtomicInteger lateFirstChunks = new AtomicInteger();

  int lateFirstChunks() {
    return lateFirstChunks.get();
  }

  void answer(HttpExchange exchange, JsonNode request) throws IOException, InterruptedException {
    String model = request.path("model").asText("");
    JsonNode messages = request.get("messages");
    if (model.isEmpty() || messages == null || !messages.isArray() || messages.isEmpty()) {
      throw new BadRequestException("'model' and a non-empty 'messages' array are required");
    }
    List<String> words = List.of(answerFor(messages).split(" "));
    Usage usage = new Usage(countWords(messages), words.size());
    String id = "chatcmpl-fake-" + ids.incrementAndGet();
    if (request.path("stream").asBoolean(false)) {
      boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
      stream(exchange, id, model, words, includeUsage ? usage : null);
    } else {
      Thread.sleep(prefillMillis() + (long) MILLIS_PER_TOKEN * words.size());
      ObjectNode body = envelope(id, model, "chat.completion");
      ObjectNode message = JsonHttp.MAPPER.createObjectNode()
          .put("role", "assistant").put("content", String.join(" ", words)).putNull("refusal");
      body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop")
          .putNull("logprobs").set("message", message);
      body.set("usage", usage.json());
      JsonHttp.send(exchange, 200, body);
    }
  }

  /** Server-sent events: a role chunk, one chunk per word, a finish chunk, the usage chunk if asked, [DONE]. */
  private void stream(HttpExchange exchange, String id, String model, List<String> words, Usage usage)
      throws IOException, InterruptedException {
    boolean late = SpikeSchedule.isSpike(streams.getAndIncrement());
    if (late) {
      lateFirstChunks.incrementAndGet();
    }
    Thread.sleep(late ? LATE_FIRST_CHUNK_MILLIS : prefillMillis());
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
    exchange.getResponseHeaders().set("Cache-Control", "no-cache");
    exchange.sendResponseHeaders(200, 0); // chunked: each flush below reaches the client at once
    try (OutputStream out = exchange.getResponseBody()) {
      event(out, chunk(id, model, JsonHttp.MAPPER.createObjectNode().put("role", "assistant").put("content", ""), null));
      for (int i = 0; i < words.size(); i++) {
        if (i > 0) {
          Thread.sleep(MILLIS_PER_TOKEN);
        }
        String piece = (i == 0 ? "" : " ") + words.get(i);
        event(out, chunk(id, model, JsonHttp.MAPPER.createObjectNode().put("content", piece), null));
      }
      event(out, chunk(id, model, JsonHttp.MAPPER.createObjectNode(), "stop"));
      if (usage != null) {
        ObjectNode last = envelope(id, model, "chat.completion.chunk");
        last.putArray("choices");
        last.set("usage", usage.json());
        event(out, last);
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }

  private static ObjectNode chunk(String id, String model, ObjectNode delta, String finishReason) {
    ObjectNode chunk = envelope(id, model, "chat.completion.chunk");
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return chunk;
  }

  private static ObjectNode envelope(String id, String model, String object) {
    return JsonHttp.MAPPER.createObjectNode().put("id", id).put("object", object)
        .put("created", System.currentTimeMillis() / 1000).put("model", model);
  }

  private static void event(OutputStream out, ObjectNode data) throws IOException {
    out.write(("data: " + JsonHttp.MAPPER.writeValueAsString(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** Two or three canned sentences chosen by the last message, so equal questions get equal answers. */
  private static String answerFor(JsonNode messages) {
    int seed = Math.abs(text(messages.get(messages.size() - 1)).hashCode() % 1000);
    int count = 2 + seed % 2;
    StringBuilder answer = new StringBuilder();
    for (int i = 0; i < count; i++) {
      answer.append(i == 0 ? "" : " ").append(SENTENCES[(seed + i) % SENTENCES.length]);
    }
    return answer.toString();
  }

  /** Prompt tokens, roughly: words of every text message. */
  private static int countWords(JsonNode messages) {
    int words = 0;
    for (JsonNode message : messages) {
      String text = text(message).trim();
      words += text.isEmpty() ? 0 : text.split("\\s+").length;
    }
    return Math.max(1, words);
  }

  /** A message's text: {@code content} is a string, or (LangChain4j, multimodal clients) an array of parts. */
  private static String text(JsonNode message) {
    JsonNode content = message.path("content");
    if (!content.isArray()) {
      return content.asText("");
    }
    StringBuilder text = new StringBuilder();
    content.forEach(part -> text.append(text.length() == 0 ? "" : " ").append(part.path("text").asText("")));
    return text.toString();
  }

  private static long prefillMillis() {
    return PREFILL_MILLIS + ThreadLocalRandom.current().nextInt(PREFILL_JITTER_MILLIS + 1);
  }

  /** Token counts as OpenAI reports them. */
  private record Usage(int prompt, int completion) {
    ObjectNode json() {
      return JsonHttp.MAPPER.createObjectNode().put("prompt_tokens", prompt)
          .put("completion_tokens", completion).put("total_tokens", prompt + completion);
    }
  }
}
