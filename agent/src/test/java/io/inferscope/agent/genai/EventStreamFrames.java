package io.inferscope.agent.genai;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Test helper: writes AWS event-stream messages (prelude, string headers, payload, CRCs) byte by byte. */
final class EventStreamFrames {
  private EventStreamFrames() {}

  /** An event message: {@code :message-type event}, {@code :event-type}, JSON content type. */
  static byte[] event(String type, String json) {
    return message(json, ":event-type", type, ":content-type", "application/json", ":message-type", "event");
  }

  static byte[] exception(String type, String json) {
    return message(json, ":exception-type", type, ":content-type", "application/json", ":message-type", "exception");
  }

  /** A message with string headers given as name, value, ... */
  static byte[] message(String payload, String... headers) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    for (int i = 0; i < headers.length; i += 2) {
      byte[] name = headers[i].getBytes(StandardCharsets.UTF_8);
      byte[] value = headers[i + 1].getBytes(StandardCharsets.UTF_8);
      h.write(name.length);
      h.writeBytes(name);
      h.write(7);
      h.write(value.length >> 8);
      h.write(value.length & 0xFF);
      h.writeBytes(value);
    }
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    int total = 12 + h.size() + body.length + 4;
    ByteBuffer out = ByteBuffer.allocate(total);
    out.putInt(total).putInt(h.size());
    CRC32 crc = new CRC32();
    crc.update(out.array(), 0, 8);
    out.putInt((int) crc.getValue());
    out.put(h.toByteArray()).put(body);
    crc.reset();
    crc.update(out.array(), 0, total - 4);
    out.putInt((int) crc.getValue());
    return out.array();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Feeds in pieces of {@code piece} bytes, each copied at a non-zero offset. */
  static void feed(EventStreamParser parser, byte[] bytes, int piece) {
    for (int i = 0; i < bytes.length; i += piece) {
      int n = Math.min(piece, bytes.length - i);
      byte[] chunk = new byte[n + 5];
      System.arraycopy(bytes, i, chunk, 5, n);
      parser.feed(chunk, 5, n);
    }
  }
}
