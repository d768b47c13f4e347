package io.inferscope.agent.genai;

import java.util.Locale;

/** How a response body is cut into documents. */
public enum Framing {
  /** One JSON body (a sequence of documents, or an array read element by element, is allowed). */
  JSON,
  /** Server-Sent Events: each event's data is a document. */
  SSE,
  /** Newline-delimited JSON: each line is a document. */
  NDJSON,
  /** AWS event stream (Bedrock): binary messages, each payload a document ({@link EventStreamParser}). */
  EVENT_STREAM;

  /** The framing a content type announces; JSON for anything else. */
  public static Framing of(String contentType) {
    String type = contentType == null ? "" : contentType.trim().toLowerCase(Locale.ROOT);
    if (type.startsWith("text/event-stream")) {
      return SSE;
    }
    if (type.startsWith("application/x-ndjson") || type.startsWith("application/ndjson")) {
      return NDJSON;
    }
    if (type.startsWith("application/vnd.amazon.eventstream")) {
      return EVENT_STREAM;
    }
    return JSON;
  }

  /** Whether the body is a stream of documents as they are generated. */
  public boolean streamed() {
    return this != JSON;
  }
}
