package io.inferscope.agent.genai;

import io.inferscope.agent.genai.json.JsonScanner;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code gen_ai.response.*} and {@code gen_ai.usage.*} facts of one LLM response, read while its
 * bytes stream by, whether it arrives as one JSON body, as Server-Sent Events or as NDJSON lines.
 * Each format is read by the {@link ResponseReader} its {@link WireFormat} gives; this class frames
 * the bytes into documents and holds what the readers find.
 *
 * <p>Memory is fixed per response, whatever the input: no document is kept or parsed into a tree;
 * only choice indexes below {@link #MAX_CHOICES} are kept, each with at most
 * {@code maxContentLength} chars of generated text (0 keeps no text at all). Not thread-safe: one
 * instance per response, fed by the thread reading it. Never throws on input; input it cannot read
 * sets {@link #malformed()}.
 */
public final class LlmResponse implements EventStreamParser.Listener, NdjsonParser.Listener {
  static final int MAX_CHOICES = 16;
  static final int MAX_SHORT_STRING = 256;
  static final int MAX_ERROR_TYPE = 64;
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

  private final WireFormat api;
  private final int maxContentLength;
  private final ResponseChoices choices;
  private final ResponseUsage usage;
  private final ResponseReader reader;
  private JsonScanner bodyScanner;
  private JsonScanner streamScanner;
  private String id;
  private String model;
  private Long embeddingDimension;
  private int chunks;
  private String errorType;
  private boolean malformed;
  private boolean tooDeep;
  private boolean completed;
  // The first bytes of an event's data, to recognise OpenAI's "[DONE]", which is not JSON.
  private final byte[] dataStart = new byte[DONE.length + 2];
  private long dataLength;

  /** @param api the endpoint's wire format; with null, only well-formedness is checked */
  public LlmResponse(WireFormat api, int maxContentLength) {
    this.api = api;
    this.maxContentLength = Math.max(0, maxContentLength);
    this.choices = new ResponseChoices(MAX_CHOICES, this.maxContentLength);
    this.usage = new ResponseUsage(api != null && api.inputTokensExcludeCache());
    // Without a format only well-formedness is checked, with OpenAI's reader, which then reads nothing.
    this.reader = api == null ? new OpenAiReader(this, null) : api.reader(this);
  }

  private JsonScanner scanner(boolean body) {
    reader.readingBody(body);
    if (body) {
      if (bodyScanner == null) {
        // A body may be a sequence of documents (an Ollama NDJSON answer sent as one body).
        bodyScanner = new JsonScanner(reader.schema(), reader, true, maxContentLength);
      }
      return bodyScanner;
    }
    if (streamScanner == null) {
      streamScanner = new JsonScanner(reader.schema(), reader, false, maxContentLength);
    }
    return streamScanner;
  }

  // ---- A whole body, in pieces.

  public void bodyBytes(byte[] bytes, int offset, int length) {
    scanner(true).feed(bytes, offset, length);
  }

  /** The body ended (the whole of it was given). */
  public void bodyEnd() {
    JsonScanner s = scanner(true);
    if (s.finish() == JsonScanner.Outcome.VALUE) {
      completed = true; // a whole body is, by definition, the complete response
    } else {
      invalid(s);
    }
    s.reset();
    reader.discard();
  }

  /** A complete, non-streamed body (also Gemini's JSON-array stream and a whole Ollama NDJSON body). */
  public void acceptBody(byte[] body, int length) {
    int len = body == null ? 0 : Math.max(0, Math.min(length, body.length));
    if (len > 0) {
      bodyBytes(body, 0, len);
    }
    bodyEnd();
  }

  // ---- Server-Sent Events (SseParser.Listener) and NDJSON lines (NdjsonParser.Listener).

  @Override
  public void data(byte[] bytes, int offset, int length) {
    remember(bytes, offset, length);
    scanner(false).feed(bytes, offset, length);
  }

  /** A data line read in the same pass that finds its end. */
  @Override
  public int dataLine(byte[] bytes, int from, int to) {
    int stop = scanner(false).feedLine(bytes, from, to);
    remember(bytes, from, stop - from);
    return stop;
  }

  /** Keeps the first bytes of an event's data, which is how "[DONE]" is recognised. */
  private void remember(byte[] bytes, int offset, int length) {
    if (dataLength + length <= dataStart.length) { // longer data cannot be "[DONE]": it is only counted
      for (int i = 0; i < length; i++) {
        dataStart[(int) dataLength + i] = bytes[offset + i]; // a few bytes: a loop beats arraycopy's call
      }
    }
    dataLength += length;
  }

  /**
   * One SSE event ended: {@code event} is its {@code event:} field (null or "message" when absent, in
   * which case the data's own {@code type} names it). {@code [DONE]} ends an OpenAI stream.
   */
  @Override
  public void dispatch(CharSequence event, boolean dropped) {
    CharSequence name = event == null || event.length() == 0 || "message".contentEquals(event) ? null : event;
    endDocument(name, dropped);
  }

  /** An event-stream exception or error message: its type is the provider's error (the first one wins). */
  @Override
  public void failure(CharSequence type) {
    error(type == null ? null : type.toString(), null, null);
  }

  @Override
  public void line(boolean dropped) {
    endDocument(null, dropped);
  }

  private void endDocument(CharSequence event, boolean dropped) {
    JsonScanner s = scanner(false);
    boolean committed = false;
    try {
      if (dropped) {
        return; // larger than the cap: neither read nor counted as malformed
      }
      switch (s.finish()) {
        case VALUE:
          committed = true;
          reader.commitDocument(event, true);
          break;
        case INVALID:
          if (isDone()) {
            completed = true;
          } else {
            invalid(s);
          }
          break;
        default: // blank
      }
    } finally {
      s.reset();
      dataLength = 0;
      if (!committed) {
        reader.discard(); // what a dropped or malformed document said must not reach the next one
      }
    }
  }

  private void invalid(JsonScanner s) {
    if (s.tooDeep()) {
      tooDeep = true;
    } else {
      malformed = true;
    }
  }

  private boolean isDone() {
    if (dataLength > dataStart.length) {
      return false;
    }
    int start = 0;
    int end = (int) dataLength;
    while (start < end && isSpace(dataStart[start])) {
      start++;
    }
    while (end > start && isSpace(dataStart[end - 1])) {
      end--;
    }
    return end - start == DONE.length && java.util.Arrays.equals(dataStart, start, end, DONE, 0, DONE.length);
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  /** One SSE event given whole (its data as text). */
  public void acceptEvent(String event, String data) {
    if (data != null) {
      byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
      data(bytes, 0, bytes.length);
    }
    dispatch(event, false);
  }

  /** One line of an Ollama NDJSON stream given whole; blank lines are ignored. */
  public void acceptNdjsonLine(String text) {
    if (text != null) {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      data(bytes, 0, bytes.length);
    }
    line(false);
  }

  // ---- What the readers report.

  WireFormat api() {
    return api;
  }

  int maxContentLength() {
    return maxContentLength;
  }

  ResponseChoices choices() {
    return choices;
  }

  ResponseUsage usage() {
    return usage;
  }

  void identity(CharSequence newId, CharSequence newModel) {
    if (id == null && newId != null && newId.length() > 0) {
      id = newId.toString();
    }
    if (model == null && newModel != null && newModel.length() > 0) {
      model = newModel.toString();
    }
  }

  boolean hasId() {
    return id != null;
  }

  boolean hasModel() {
    return model != null;
  }

  void chunk() {
    chunks++;
  }

  void markCompleted() {
    completed = true;
  }

  void markMalformed() {
    malformed = true;
  }

  /**
   * The first error wins: its {@code type} (unless the generic "error"), else its {@code status}
   * (Gemini), else its {@code code}; {@code _OTHER} when it names none, e.g. Ollama's plain string.
   */
  void error(String type, String status, String code) {
    if (errorType != null) {
      return;
    }
    String chosen = type == null || type.equals("error") ? status : type;
    if (chosen == null) {
      chosen = code;
    }
    errorType = chosen == null || chosen.isBlank() ? "_OTHER" : JsonWriter.truncate(chosen, MAX_ERROR_TYPE);
  }

  void dimension(long count) {
    embeddingDimension = count;
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
   * Some document nested deeper than the reader follows (see JsonScanner.MAX_DEPTH): what it said is
   * unknown, which is not proof that the server sent something wrong.
   */
  public boolean tooDeep() { return tooDeep; }
  /**
   * The response was seen to its end: a whole body, or a stream's own end marker ([DONE],
   * message_stop, response.completed/incomplete/failed, Ollama done:true, a Gemini finishReason).
   * False after a stream that stopped early, which is how a truncated stream shows.
   */
  public boolean completed() { return completed; }
}
