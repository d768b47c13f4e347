package io.inferscope.tests.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.zip.GZIPInputStream;

/** OTLP/HTTP transport of {@link OtlpReceiver}, on the JDK's built-in HTTP server. */
final class OtlpHttpServer implements Closeable {
  private static final String PROTOBUF = "application/x-protobuf";

  private final OtlpReceiver receiver;
  private final HttpServer server;
  private final ExecutorService executor = OtlpReceiver.daemonThreads("otlp-http-receiver");

  private OtlpHttpServer(OtlpReceiver receiver) throws IOException {
    this.receiver = receiver;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    // The default executor is the single dispatcher thread: one held request would block all others.
    server.setExecutor(executor);
    for (OtlpSignal signal : OtlpSignal.values()) {
      server.createContext(signal.httpPath, exchange -> handle(signal, exchange));
    }
    server.start();
  }

  static OtlpReceiver.ServerHandle start(OtlpReceiver receiver) throws IOException {
    OtlpHttpServer server = new OtlpHttpServer(receiver);
    return new OtlpReceiver.ServerHandle(server, server.server.getAddress().getPort());
  }

  private void handle(OtlpSignal signal, HttpExchange exchange) throws IOException {
    try (exchange) {
      int status = status(signal, exchange);
      exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
      // An empty Export*ServiceResponse encodes to zero bytes, so success needs no body.
      exchange.sendResponseHeaders(status, -1);
    }
  }

  private int status(OtlpSignal signal, HttpExchange exchange) {
    // Contexts match by prefix; only the exact OTLP path is an endpoint.
    if (!exchange.getRequestURI().getPath().equals(signal.httpPath)) {
      return 404;
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return 405;
    }
    exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> receiver.recordHeader(name, value)));
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (contentType == null || !contentType.startsWith(PROTOBUF)) {
      return 415;
    }
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    boolean gzip = "gzip".equals(encoding);
    if (!gzip && encoding != null && !encoding.equals("identity")) {
      return 415;
    }
    byte[] body;
    try (InputStream raw = exchange.getRequestBody();
        InputStream in = gzip ? new GZIPInputStream(raw) : raw) {
      body = in.readAllBytes();
    } catch (IOException e) {
      return OtlpReceiver.BAD_REQUEST;
    }
    return receiver.accept(signal, body);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
