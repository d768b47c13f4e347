package io.inferscope.tests.llm.fake;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a wire format answers, before {@link Delivery} puts it on the wire: either a whole body
 * (sent with a Content-Length) or a stream of frames, each sent and flushed as one HTTP chunk.
 * Formats describe the correct answer only; the {@link Behaviour} it carries says how to spoil it.
 */
final class Reply {
  static final String JSON = "application/json";
  static final String EVENT_STREAM = "text/event-stream";
  static final String NDJSON = "application/x-ndjson";

  final int status;
  final String contentType;
  final Map<String, String> headers = new LinkedHashMap<>();
  /** The whole body, or {@code null} for a stream. */
  final byte[] body;
  /** The stream's frames, or {@code null} for a whole body. */
  final List<byte[]> frames;

  private Behaviour behaviour = Behaviour.NORMAL;

  private Reply(int status, String contentType, byte[] body, List<byte[]> frames) {
    this.status = status;
    this.contentType = contentType;
    this.body = body;
    this.frames = frames;
  }

  static Reply json(Object value) {
    return json(200, value);
  }

  static Reply json(int status, Object value) {
    return raw(status, JSON, Json.bytes(value));
  }

  static Reply raw(int status, String contentType, byte[] body) {
    return new Reply(status, contentType, body, null);
  }

  static Reply stream(String contentType, List<byte[]> frames) {
    return new Reply(200, contentType, null, List.copyOf(frames));
  }

  Reply header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** Marks the answer to be delivered with the request's misbehaviour (slow, truncated, ...). */
  Reply deliveredAs(Behaviour b) {
    this.behaviour = b;
    return this;
  }

  Behaviour behaviour() {
    return behaviour;
  }

  boolean isStream() {
    return frames != null;
  }

  /** An SSE event with only a data line, as OpenAI chat and Gemini send them. */
  static byte[] sseData(Object json) {
    return utf8("data: " + Json.write(json) + "\n\n");
  }

  /** An SSE event with a name, as the Responses API and Anthropic send them. */
  static byte[] sseEvent(String event, Object json) {
    return utf8("event: " + event + "\ndata: " + Json.write(json) + "\n\n");
  }

  static byte[] sseDone() {
    return utf8("data: [DONE]\n\n");
  }

  /** One line of newline-delimited JSON, as Ollama streams. */
  static byte[] ndjson(Object json) {
    return utf8(Json.write(json) + "\n");
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
