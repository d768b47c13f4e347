package io.inferscope.agent.genai;

import io.inferscope.agent.genai.LlmEndpoint.Api;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Accumulates the {@code gen_ai.response.*} and {@code gen_ai.usage.*} facts of one LLM response,
 * whether it arrives as one JSON body, as Server-Sent Events or as NDJSON lines. The wire formats
 * themselves are read by {@link OpenAiReader}, {@link AnthropicReader}, {@link GeminiReader} and
 * {@link OllamaReader}; this class holds what they find.
 *
 * <p>Not thread-safe: one instance per response, fed by the thread reading it. The accept methods
 * never throw; input they cannot read sets {@link #malformed()}. Memory is bounded: only choice
 * indexes below {@link #MAX_CHOICES} are kept (text and finish reasons of higher ones are ignored),
 * each keeping at most {@code maxContentLength} chars of generated text (0 keeps no text at all).
 */
public final class LlmResponse {
  static final int MAX_CHOICES = 16;
  static final int MAX_SHORT_STRING = 256;
  static final int MAX_ERROR_TYPE = 64;

  private final Api api;
  private final ResponseChoices choices;
  private final ResponseUsage usage;
  private String id;
  private String model;
  private Long embeddingDimension;
  private int chunks;
  private String errorType;
  private boolean malformed;
  private boolean completed;

  /** @param api the endpoint's wire format; with null, nothing is extracted */
  public LlmResponse(Api api, int maxContentLength) {
    this.api = api;
    this.choices = new ResponseChoices(MAX_CHOICES, Math.max(0, maxContentLength));
    this.usage = new ResponseUsage(api == Api.ANTHROPIC_MESSAGES);
  }

  /** A complete, non-streamed body (also Gemini's JSON-array stream and a whole Ollama NDJSON body). */
  public void acceptBody(byte[] body, int length) {
    try {
      int len = body == null ? 0 : Math.max(0, Math.min(length, body.length));
      Object root = Json.parse(body, 0, len);
      if (root == null && isOllama() && len > 0) {
        for (String line : new String(body, 0, len, StandardCharsets.UTF_8).split("\n")) {
          acceptNdjsonLine(line);
        }
        return;
      }
      if (root == null) {
        malformed = true;
        return;
      }
      if (api == Api.GEMINI_GENERATE && root instanceof List) {
        for (Object chunk : (List<?>) root) {
          accept(chunk, null, true);
        }
      } else {
        accept(root, null, false);
      }
      completed = true; // a whole body is, by definition, the complete response
    } catch (RuntimeException e) {
      malformed = true;
    }
  }

  /**
   * One SSE event: {@code event} is its {@code event:} field (null or "message" when absent, in which
   * case the data's own {@code type} names it). {@code [DONE]} ends an OpenAI stream.
   */
  public void acceptEvent(String event, String data) {
    try {
      if (data == null || data.isBlank()) {
        return;
      }
      String d = data.trim();
      if (d.equals("[DONE]")) {
        completed = true;
        return;
      }
      Object root = Json.parse(d);
      if (root == null) {
        malformed = true;
        return;
      }
      String name = event == null || event.isEmpty() || event.equals("message") ? Json.string(root, "type") : event;
      accept(root, name, true);
    } catch (RuntimeException e) {
      malformed = true;
    }
  }

  /** One line of an Ollama NDJSON stream; blank lines are ignored. */
  public void acceptNdjsonLine(String line) {
    try {
      if (line == null || line.isBlank()) {
        return;
      }
      Object root = Json.parse(line.trim());
      if (root == null) {
        malformed = true;
        return;
      }
      accept(root, null, true);
    } catch (RuntimeException e) {
      malformed = true;
    }
  }

  private void accept(Object root, String event, boolean streamed) {
    if (!(root instanceof Map)) {
      malformed = true;
      return;
    }
    if (api == null) {
      return;
    }
    Object error = Json.at(root, "error");
    if (error != null || "error".equals(event)) {
      error(error != null ? error : root);
    }
    switch (api) {
      case OPENAI_CHAT:
      case OPENAI_COMPLETIONS:
      case OPENAI_EMBEDDINGS:
      case OPENAI_RESPONSES:
        OpenAiReader.read(this, root, event, streamed);
        break;
      case ANTHROPIC_MESSAGES:
        AnthropicReader.read(this, root, event, streamed);
        break;
      case GEMINI_GENERATE:
        GeminiReader.read(this, root, streamed);
        break;
      default:
        OllamaReader.read(this, root, streamed);
    }
  }

  private boolean isOllama() {
    return api == Api.OLLAMA_CHAT || api == Api.OLLAMA_GENERATE || api == Api.OLLAMA_EMBED;
  }

  // ---- What the readers report.

  Api api() {
    return api;
  }

  ResponseChoices choices() {
    return choices;
  }

  ResponseUsage usage() {
    return usage;
  }

  void identity(String newId, String newModel) {
    if (id == null && newId != null && !newId.isEmpty()) {
      id = JsonWriter.truncate(newId, MAX_SHORT_STRING);
    }
    if (model == null && newModel != null && !newModel.isEmpty()) {
      model = JsonWriter.truncate(newModel, MAX_SHORT_STRING);
    }
  }

  void chunk() {
    chunks++;
  }

  void markCompleted() {
    completed = true;
  }

  /**
   * The first error wins. Its {@code type} (unless the generic "error"), else {@code status}
   * (Gemini), else {@code code}; {@code _OTHER} when it names none, e.g. Ollama's plain string.
   */
  void error(Object e) {
    if (errorType != null) {
      return;
    }
    String type = Json.string(e, "type");
    if (type == null || type.equals("error")) {
      type = Json.string(e, "status");
    }
    if (type == null) {
      Object code = Json.at(e, "code");
      type = code instanceof String || code instanceof Long ? code.toString() : null;
    }
    errorType = type == null || type.isBlank() ? "_OTHER" : JsonWriter.truncate(type, MAX_ERROR_TYPE);
  }

  /** A float vector's length, or for a base64 vector (encoding_format=base64) its float32 count. */
  void dimension(Object vector) {
    if (vector instanceof List) {
      embeddingDimension = (long) ((List<?>) vector).size();
    } else if (vector instanceof String) {
      String s = ((String) vector).trim();
      int padding = s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0;
      embeddingDimension = (long) (Math.max(0, s.length() / 4 * 3 - padding) / 4);
    }
  }

  /** A choice's own index, or its position when it has none; -1 (ignored) when the index is out of range. */
  static int index(Object choice, int position) {
    Long index = Json.longValue(choice, "index");
    if (index == null) {
      return choice instanceof Map ? position : -1;
    }
    return index < 0 || index >= MAX_CHOICES ? -1 : index.intValue();
  }

  // ---- Public results.

  /** gen_ai.output.messages JSON, texts cut at maxLength; null when the response had no choices. */
  public String outputMessagesJson(int maxLength) {
    try {
      return choices.toJson(maxLength);
    } catch (RuntimeException e) {
      return null;
    }
  }

  public String id() { return id; }
  public String model() { return model; }
  /** Raw provider finish reasons in choice-index order, one per choice; empty when none were reported. */
  public List<String> finishReasons() { return choices.finishReasons(); }
  /** Input tokens including cache reads and writes (Anthropic reports those apart; they are added in). */
  public Long inputTokens() { return usage.input(); }
  /** Output tokens including reasoning tokens (Gemini reports thoughts apart; they are added in). */
  public Long outputTokens() { return usage.output(); }
  public Long cacheReadInputTokens() { return usage.cacheRead(); }
  public Long cacheCreationInputTokens() { return usage.cacheCreation(); }
  public Long reasoningOutputTokens() { return usage.reasoning(); }
  public Long embeddingDimension() { return embeddingDimension; }
  /** Stream events that carried generated content (text, tool-call or reasoning deltas). */
  public int chunks() { return chunks; }
  /** A provider error reported in a 200 body or in the stream; null when none. */
  public String errorType() { return errorType; }
  /** Some body, event or line did not parse as JSON. */
  public boolean malformed() { return malformed; }
  /**
   * The response was seen to its end: a whole body, or a stream's own end marker ([DONE],
   * message_stop, response.completed/incomplete/failed, Ollama done:true, a Gemini finishReason).
   * False after a stream that stopped early, which is how a truncated stream shows.
   */
  public boolean completed() { return completed; }
}
