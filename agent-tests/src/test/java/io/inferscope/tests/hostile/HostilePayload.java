package io.inferscope.tests.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * What a hostile (or broken) LLM server answers, chosen by the request's model name: replies that
 * amplify memory or CPU in a naive reader, or break off. Each is written in pieces, never built
 * whole, so the server itself stays small.
 */
public enum HostilePayload {
  /** A 1 MB JSON body of tiny objects, inside the default inspection cap: {"choices":[{"":0},...]}. */
  TINY_OBJECTS("tiny-objects", "application/json", false),
  /** A JSON body whose choices are a 1,000,000-element array. */
  MILLION_ARRAY("million-array", "application/json", false),
  /** A JSON body nested 100,000 levels deep. */
  DEEP_NESTING("deep-nesting", "application/json", false),
  /** One SSE event of 50 MB (a single content delta), then [DONE]. */
  HUGE_EVENT("huge-event", "text/event-stream", true),
  /** An SSE stream that never ends and never sends a newline. */
  ENDLESS_LINE("endless-line", "text/event-stream", true),
  /** A gzip body that inflates to 200 MB (about 200 KB on the wire). */
  GZIP_BOMB("gzip-bomb", "application/json", false),
  /** A chunked JSON body cut in the middle of a chunk (the connection closes). */
  CUT_CHUNK("cut-chunk", "application/json", true),
  /** Anthropic usage whose parts add up past Long.MAX_VALUE. */
  ANTHROPIC_OVERFLOW("anthropic-overflow", "application/json", false),
  /** Gemini usage whose candidates and thoughts add up past Long.MAX_VALUE. */
  GEMINI_OVERFLOW("gemini-overflow", "application/json", false),
  /** OpenAI usage with a negative prompt count and a fractional completion count. */
  BAD_COUNTS("bad-counts", "application/json", false),
  /** Not hostile: the stream-cost benchmark's 40 chat chunks of 1,000,000 characters each, then [DONE]. */
  LARGE_EVENTS("large-events", "text/event-stream", true),
  /** Not hostile: the stream-cost benchmark's 200,000 one-character chat chunks, then [DONE]. */
  SMALL_EVENTS("small-events", "text/event-stream", true);

  static final long HUGE_EVENT_BYTES = 50L << 20;
  static final long BOMB_BYTES = 200L << 20;
  private static final int PIECE = 64 * 1024;

  final String model;
  final String contentType;
  final boolean chunked;

  HostilePayload(String model, String contentType, boolean chunked) {
    this.model = model;
    this.contentType = contentType;
    this.chunked = chunked;
  }

  static HostilePayload forModel(String model) {
    return Arrays.stream(values()).filter(p -> p.model.equals(model)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no hostile payload named " + model));
  }

  /** Body bytes for a Content-Length reply; null for chunked replies, which {@link #stream} writes. */
  byte[] body() {
    return switch (this) {
      case TINY_OBJECTS -> repeated("{\"choices\":[", "{\"\":0}", ",", 130_000, "]}");
      case MILLION_ARRAY -> repeated("{\"choices\":[", "0", ",", 1_000_000, "]}");
      case DEEP_NESTING -> ("{\"choices\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}").getBytes(StandardCharsets.US_ASCII);
      case GZIP_BOMB -> Bomb.BYTES;
      case ANTHROPIC_OVERFLOW -> ascii("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-hostile\","
          + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5000000000000000000,"
          + "\"cache_read_input_tokens\":5000000000000000000,\"output_tokens\":3}}");
      case GEMINI_OVERFLOW -> ascii("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}],\"role\":\"model\"},\"finishReason\":\"STOP\"}],"
          + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":9000000000000000000,"
          + "\"thoughtsTokenCount\":9000000000000000000},\"modelVersion\":\"gemini-hostile\",\"responseId\":\"r1\"}");
      case BAD_COUNTS -> ascii("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"bad-counts\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":-1000,\"completion_tokens\":2.5}}");
      default -> null;
    };
  }

  /** Writes a chunked reply's content; returns normally only when the payload has a natural end. */
  void stream(ChunkedWriter out) throws IOException {
    switch (this) {
      case HUGE_EVENT -> {
        out.write(ascii("data: {\"id\":\"c1\",\"model\":\"huge-event\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\""));
        byte[] a = new byte[PIECE];
        Arrays.fill(a, (byte) 'a');
        for (long sent = 0; sent < HUGE_EVENT_BYTES; sent += PIECE) {
          out.write(a);
        }
        out.write(ascii("\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
      }
      case ENDLESS_LINE -> {
        out.write(ascii("data: "));
        byte[] x = new byte[PIECE];
        Arrays.fill(x, (byte) 'x');
        while (true) {
          out.write(x); // until the client hangs up
        }
      }
      case LARGE_EVENTS -> {
        byte[] content = new byte[1_000_000];
        Arrays.fill(content, (byte) 'a');
        byte[] event = ByteBuffer.allocate(CHUNK_HEAD.length() + content.length + CHUNK_TAIL.length())
            .put(ascii(CHUNK_HEAD)).put(content).put(ascii(CHUNK_TAIL)).array();
        for (int i = 0; i < 40; i++) {
          out.write(event); // one chunk, flushed, per event
        }
        out.write(ascii("data: [DONE]\n\n"));
      }
      case SMALL_EVENTS -> {
        byte[] event = ascii(CHUNK_HEAD + "x" + CHUNK_TAIL);
        for (int i = 0; i < 200_000; i++) {
          out.write(event); // one chunk, flushed, per event: as an LLM server sends each token as it comes
        }
        out.write(ascii("data: [DONE]\n\n"));
      }
      case CUT_CHUNK -> out.cutMidChunk(ascii("{\"id\":\"chatcmpl-cut\",\"choices\":[{\"index\":0,\"message\":{\"content\":\"" + "c".repeat(4000)));
      default -> throw new IllegalStateException(this + " is not chunked");
    }
  }

  private static final String CHUNK_HEAD =
      "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
  private static final String CHUNK_TAIL = "\"},\"finish_reason\":null}]}\n\n";

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] repeated(String head, String item, String separator, int count, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + count * (item.length() + 1) + tail.length());
    out.writeBytes(ascii(head));
    byte[] one = ascii(item);
    byte[] sep = ascii(separator);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.writeBytes(sep);
      }
      out.writeBytes(one);
    }
    out.writeBytes(ascii(tail));
    return out.toByteArray();
  }

  /** The gzip bomb, made once: a JSON string of 200 MB of zeros, deflated. */
  private static final class Bomb {
    static final byte[] BYTES = make();

    private static byte[] make() {
      ByteArrayOutputStream compressed = new ByteArrayOutputStream();
      try (OutputStream gzip = new GZIPOutputStream(compressed, PIECE)) {
        gzip.write(ascii("{\"id\":\""));
        byte[] zeros = new byte[PIECE];
        Arrays.fill(zeros, (byte) '0');
        for (long n = 0; n < BOMB_BYTES; n += PIECE) {
          gzip.write(zeros);
        }
        gzip.write(ascii("\"}"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return compressed.toByteArray();
    }
  }
}
