package io.inferscope.tests.llm.fake;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 responses written byte by byte onto the socket. The JDK's HttpServer cannot leave a
 * chunked body without its terminator or send fewer bytes than it declared, which is exactly what
 * the truncation behaviour needs, hence this hand-written writer.
 */
final class ResponseWriter {
  private final Socket socket;
  private final OutputStream out;
  /** Where the current answer's status and body bytes are recorded; none before the first request. */
  private SentResponse sent = new SentResponse();

  ResponseWriter(Socket socket) throws IOException {
    this.socket = socket;
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
  }

  /** Records the next answer's status and body in {@code sent}. */
  void recordInto(SentResponse sent) {
    this.sent = sent;
  }

  /** The interim answer to {@code Expect: 100-continue}, before the client sends its body. */
  void continue100() throws IOException {
    out.write(ascii("HTTP/1.1 100 Continue\r\n\r\n"));
    out.flush();
  }

  /** Status line and headers; {@code contentLength < 0} means a chunked body follows. */
  void head(int status, String contentType, Map<String, String> headers, long contentLength, boolean close)
      throws IOException {
    StringBuilder head = new StringBuilder();
    head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    head.append("Server: fake-llm\r\n");
    head.append("Content-Type: ").append(contentType).append("\r\n");
    for (Map.Entry<String, String> h : headers.entrySet()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (contentLength < 0) {
      head.append("Transfer-Encoding: chunked\r\n");
    } else {
      head.append("Content-Length: ").append(contentLength).append("\r\n");
    }
    if (close) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(ascii(head.toString()));
    sent.status(status);
  }

  /** Body bytes of a Content-Length response, flushed. */
  void body(byte[] bytes, int length) throws IOException {
    sent.body(bytes, 0, length);
    out.write(bytes, 0, length);
    out.flush();
  }

  /** One chunk, flushed at once so that the client can read it before the next is even made. */
  void chunk(byte[] data) throws IOException {
    if (data.length == 0) {
      return; // a zero-length chunk would end the body
    }
    sent.body(data, 0, data.length);
    out.write(ascii(Integer.toHexString(data.length) + "\r\n"));
    out.write(data);
    out.write(ascii("\r\n"));
    out.flush();
  }

  /** The last-chunk marker that ends a chunked body properly. */
  void endChunks() throws IOException {
    out.write(ascii("0\r\n\r\n"));
    out.flush();
  }

  /**
   * Ends the connection mid-body: what was written is flushed and followed by a FIN, not a reset,
   * so that the client still reads everything sent before it meets the premature end.
   */
  void abort() {
    try {
      out.flush();
      socket.shutdownOutput();
    } catch (IOException e) {
      // The client went first; the socket is closed below either way.
    } finally {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
