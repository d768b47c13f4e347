package io.inferscope.tests.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for a collector during the benchmark: accepts OTLP/HTTP exports and only counts them.
 * Decoding or storing what arrives would take CPU from the measured JVM on a small machine; the
 * agent's cost of building and sending the data is the same either way.
 */
final class OtlpSink implements AutoCloseable {
  /** Export requests received so far, per signal. */
  record Counts(long traces, long metrics) {
    Counts since(Counts earlier) {
      return new Counts(traces - earlier.traces, metrics - earlier.metrics);
    }
  }

  private final HttpServer server;
  private final AtomicLong traces = new AtomicLong();
  private final AtomicLong metrics = new AtomicLong();

  private OtlpSink() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> accept(exchange, traces));
    server.createContext("/v1/metrics", exchange -> accept(exchange, metrics));
    server.start();
  }

  static OtlpSink start() throws IOException {
    return new OtlpSink();
  }

  /** The base URL for {@code otel.exporter.otlp.endpoint}; the exporters append /v1/traces etc. */
  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  Counts counts() {
    return new Counts(traces.get(), metrics.get());
  }

  private static void accept(HttpExchange exchange, AtomicLong counter) throws IOException {
    try (exchange; InputStream body = exchange.getRequestBody()) {
      // Read to the end so the exporter's keep-alive connection can carry the next request.
      body.transferTo(OutputStream.nullOutputStream());
      boolean post = exchange.getRequestMethod().equals("POST");
      if (post) {
        counter.incrementAndGet();
      }
      // An empty Export*ServiceResponse encodes to zero bytes: success needs no body.
      exchange.sendResponseHeaders(post ? 200 : 405, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
