package io.inferscope.tests.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP/1.1 server on 127.0.0.1 that answers any POST with the {@link HostilePayload} its JSON
 * body's model names, then closes the connection. Small and raw on purpose: it must be able to send
 * what a well-behaved server library never would (cut chunks, endless lines, bombs).
 */
public final class HostileServer implements AutoCloseable {
  private static final Pattern MODEL = Pattern.compile("\"model\"\\s*:\\s*\"([^\"]*)\"");

  private final ServerSocket socket;
  private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
    Thread thread = new Thread(r, "hostile-server");
    thread.setDaemon(true);
    return thread;
  });

  private HostileServer() throws IOException {
    socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "hostile-server-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static HostileServer start() {
    try {
      return new HostileServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        connections.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      String model = readRequest(in);
      HostilePayload payload = HostilePayload.forModel(model);
      OutputStream out = client.getOutputStream();
      StringBuilder head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: ").append(payload.contentType)
          .append("\r\nConnection: close\r\n");
      if (payload == HostilePayload.GZIP_BOMB) {
        head.append("Content-Encoding: gzip\r\n");
      }
      byte[] body = payload.body();
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < body.length; i += 64 * 1024) {
          out.write(body, i, Math.min(64 * 1024, body.length - i));
        }
      } else {
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        ChunkedWriter chunks = new ChunkedWriter(out);
        payload.stream(chunks);
        if (payload != HostilePayload.CUT_CHUNK) {
          chunks.end();
        }
      }
      out.flush();
    } catch (IOException e) {
      // The client hung up (expected for the endless stream) or the server closed.
    }
  }

  /** Reads the request line, headers and Content-Length body; returns the body's model. */
  private static String readRequest(InputStream in) throws IOException {
    int length = 0;
    String line;
    while (!(line = readLine(in)).isEmpty()) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        length = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    Matcher m = MODEL.matcher(new String(body, StandardCharsets.UTF_8));
    if (!m.find()) {
      throw new IOException("no model in the request body");
    }
    return m.group(1);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        line.write(b);
      }
    }
    if (b < 0 && line.size() == 0) {
      throw new IOException("connection closed before the request ended");
    }
    return line.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    connections.shutdownNow();
  }
}
