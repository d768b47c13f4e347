package io.inferscope.tests.hostile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 chunked transfer encoding over a socket's stream, and the ways to break it. */
final class ChunkedWriter {
  private final OutputStream out;

  ChunkedWriter(OutputStream out) {
    this.out = out;
  }

  /** One chunk in one write (header, bytes, CRLF), flushed: a server sending each event as it comes. */
  void write(byte[] bytes) throws IOException {
    byte[] header = (Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] chunk = new byte[header.length + bytes.length + 2];
    System.arraycopy(header, 0, chunk, 0, header.length);
    System.arraycopy(bytes, 0, chunk, header.length, bytes.length);
    chunk[chunk.length - 2] = '\r';
    chunk[chunk.length - 1] = '\n';
    out.write(chunk);
    out.flush();
  }

  void end() throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** Announces a chunk twice the size of {@code half}, sends only {@code half}; the caller then closes. */
  void cutMidChunk(byte[] half) throws IOException {
    out.write((Integer.toHexString(half.length * 2) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(half);
    out.flush();
  }
}
