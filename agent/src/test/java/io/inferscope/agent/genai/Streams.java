package io.inferscope.agent.genai;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test helper: feeds byte streams in chosen piece sizes, as a network would. */
final class Streams {
  private Streams() {}

  /** pieceSize 0 means random sizes from a fixed seed (1..7 bytes). */
  static void feed(SseParser parser, byte[] bytes, int pieceSize) {
    Random random = new Random(42);
    int i = 0;
    while (i < bytes.length) {
      int n = Math.min(bytes.length - i, pieceSize > 0 ? pieceSize : 1 + random.nextInt(7));
      // Copy into a fresh array at a non-zero offset, so offset handling is exercised too.
      byte[] chunk = new byte[n + 3];
      System.arraycopy(bytes, i, chunk, 3, n);
      parser.feed(chunk, 3, n);
      i += n;
    }
  }

  static void feed(NdjsonParser parser, byte[] bytes, int pieceSize) {
    for (int i = 0; i < bytes.length; i += pieceSize) {
      parser.feed(bytes, i, Math.min(pieceSize, bytes.length - i));
    }
  }

  /** Collects each event's name and data as text; a dropped event's data is "<dropped>". */
  static class Collector implements SseParser.Listener, NdjsonParser.Listener {
    final List<String[]> events = new ArrayList<>();
    private final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();

    @Override
    public void data(byte[] bytes, int offset, int length) {
      data.write(bytes, offset, length);
    }

    @Override
    public void dispatch(CharSequence event, boolean dropped) {
      events.add(new String[] {event == null ? null : event.toString(), dropped ? "<dropped>" : data.toString(StandardCharsets.UTF_8)});
      data.reset();
    }

    @Override
    public void line(boolean dropped) {
      dispatch(null, dropped);
    }
  }

  /** All events of a stream, each as {event, data}. */
  static List<String[]> events(String stream, int pieceSize) {
    Collector collector = new Collector();
    SseParser parser = new SseParser(1 << 20, collector);
    feed(parser, stream.getBytes(StandardCharsets.UTF_8), pieceSize);
    parser.finish();
    return collector.events;
  }

  static LlmResponse sse(WireFormat api, String stream, int pieceSize, int maxContent) {
    LlmResponse response = new LlmResponse(api, maxContent);
    SseParser parser = new SseParser(1 << 20, response);
    feed(parser, stream.getBytes(StandardCharsets.UTF_8), pieceSize);
    parser.finish();
    return response;
  }

  static LlmResponse body(WireFormat api, String json) {
    LlmResponse response = new LlmResponse(api, 10_000);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    response.acceptBody(bytes, bytes.length);
    return response;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
