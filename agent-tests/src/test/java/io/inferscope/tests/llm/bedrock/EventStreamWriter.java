package io.inferscope.tests.llm.bedrock;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Writes AWS event-stream messages as Bedrock sends them: prelude, string headers, JSON payload, CRC32s. */
final class EventStreamWriter {
  private EventStreamWriter() {}

  static byte[] event(String type, String json) {
    return message(json, ":event-type", type, ":content-type", "application/json", ":message-type", "event");
  }

  static byte[] exception(String type, String json) {
    return message(json, ":exception-type", type, ":content-type", "application/json", ":message-type", "exception");
  }

  private static byte[] message(String payload, String... headers) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    for (int i = 0; i < headers.length; i += 2) {
      byte[] name = headers[i].getBytes(StandardCharsets.UTF_8);
      byte[] value = headers[i + 1].getBytes(StandardCharsets.UTF_8);
      h.write(name.length);
      h.writeBytes(name);
      h.write(7); // string
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
}
