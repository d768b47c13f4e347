package io.inferscope.tests.llm.fake;

import io.inferscope.tests.llm.fake.ErrorReplies.Family;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One client connection, served on its own thread: reads HTTP/1.1 requests one after another
 * (keep-alive, as OkHttp and the JDK client pool connections), records each, and answers it. An
 * HTTP/2 upgrade offer ({@code Upgrade: h2c}) is simply not taken up, which HTTP allows.
 */
final class HttpConnection implements Runnable {
  private static final int MAX_LINE = 64 * 1024;
  private static final int MAX_BODY = 256 * 1024 * 1024;

  private final Socket socket;
  private final BiConsumer<RecordedRequest, SentResponse> recorder;
  private final Function<RecordedRequest, Reply> router;
  private final Runnable onEnd;

  HttpConnection(Socket socket, BiConsumer<RecordedRequest, SentResponse> recorder, Function<RecordedRequest, Reply> router,
      Runnable onEnd) {
    this.socket = socket;
    this.recorder = recorder;
    this.router = router;
    this.onEnd = onEnd;
  }

  @Override
  public void run() {
    try (socket) {
      socket.setTcpNoDelay(true); // each stream chunk should leave at once, not wait for the next
      InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
      ResponseWriter out = new ResponseWriter(socket);
      while (true) {
        RecordedRequest request = readRequest(in, out);
        if (request == null) {
          return;
        }
        SentResponse sent = new SentResponse();
        recorder.accept(request, sent);
        out.recordInto(sent);
        if (!Delivery.deliver(answer(request), out, in, wantsClose(request))) {
          return;
        }
      }
    } catch (IOException e) {
      // The client hung up or the server was closed: nothing to report to anyone.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() interrupted a slow answer
    } finally {
      onEnd.run();
    }
  }

  private Reply answer(RecordedRequest request) {
    try {
      return router.apply(request);
    } catch (RuntimeException e) {
      // A bug in the fake must show up as a failed call, not as a hung one.
      return ErrorReplies.error(Family.OPENAI, 500, "fake LLM server failure: " + e);
    }
  }

  private static boolean wantsClose(RecordedRequest request) {
    String connection = request.header("Connection");
    return connection != null && connection.toLowerCase().contains("close");
  }

  /** The next request, or {@code null} if the client closed the connection between requests. */
  private static RecordedRequest readRequest(InputStream in, ResponseWriter out) throws IOException {
    String requestLine = readLine(in);
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(in); // tolerate a stray CRLF after a previous body
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x request line: " + requestLine);
    }
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    String line;
    while (!(line = requireLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("bad header line: " + line);
      }
      String name = line.substring(0, colon).trim();
      headers.add(new AbstractMap.SimpleImmutableEntry<>(name, line.substring(colon + 1).trim()));
    }
    if ("100-continue".equalsIgnoreCase(first(headers, "Expect"))) {
      out.continue100();
    }
    return new RecordedRequest(parts[0], parts[1], headers, readBody(in, headers));
  }

  private static byte[] readBody(InputStream in, List<Map.Entry<String, String>> headers) throws IOException {
    String encoding = first(headers, "Transfer-Encoding");
    if (encoding != null && encoding.toLowerCase().contains("chunked")) {
      return readChunked(in);
    }
    String length = first(headers, "Content-Length");
    if (length == null) {
      return new byte[0];
    }
    long n = Long.parseLong(length.trim());
    if (n < 0 || n > MAX_BODY) {
      throw new IOException("unacceptable Content-Length " + n);
    }
    byte[] body = in.readNBytes((int) n);
    if (body.length != n) {
      throw new IOException("request body ended early");
    }
    return body;
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = requireLine(in);
      int semicolon = sizeLine.indexOf(';'); // chunk extensions are allowed and meaningless here
      int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
      if (size == 0) {
        while (!requireLine(in).isEmpty()) {
          // trailers: not used by any LLM client, skipped
        }
        return body.toByteArray();
      }
      if (body.size() + (long) size > MAX_BODY) {
        throw new IOException("request body too large");
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length != size) {
        throw new IOException("request chunk ended early");
      }
      body.write(chunk);
      requireLine(in); // the CRLF after the chunk data
    }
  }

  private static String first(List<Map.Entry<String, String>> headers, String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  private static String requireLine(InputStream in) throws IOException {
    String line = readLine(in);
    if (line == null) {
      throw new IOException("connection closed mid-request");
    }
    return line;
  }

  /** A CRLF- (or LF-) terminated line in ISO-8859-1; {@code null} at end of stream before any byte. */
  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int b;
    while ((b = in.read()) != '\n') {
      if (b == -1) {
        if (line.size() == 0) {
          return null;
        }
        throw new IOException("connection closed mid-line");
      }
      if (line.size() >= MAX_LINE) {
        throw new IOException("line too long");
      }
      line.write(b);
    }
    byte[] bytes = line.toByteArray();
    int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
    return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
  }
}
