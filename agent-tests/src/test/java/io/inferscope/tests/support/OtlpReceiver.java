package io.inferscope.tests.support;

import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real OTLP endpoint on 127.0.0.1 (ephemeral port) that records what an exporter sends, so tests
 * can assert on the agent's telemetry exactly as a collector would see it.
 *
 * <p>Besides recording, it can misbehave on purpose ({@link #failWith}, {@link #hang}) so safety
 * tests can check that a broken backend never breaks the instrumented application.
 */
public final class OtlpReceiver implements AutoCloseable {
  static final int OK = 200;
  static final int BAD_REQUEST = 400;
  static final int UNAVAILABLE = 503;

  private static final int RAW_BYTES_CAP = 64 * 1024 * 1024;
  private static final long SETTLE_MILLIS = 5_000;

  /** Guards all mutable state below; also the monitor that awaiting tests and held requests wait on. */
  private final Object lock = new Object();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedMetric> metrics = new ArrayList<>();
  private final ByteArrayOutputStream rawBytes = new ByteArrayOutputStream();
  /** Request header values by lower-case name (OTLP/HTTP only), as an authenticating backend reads them. */
  private final Map<String, Set<String>> headers = new TreeMap<>();
  private int requestCount;
  /** Accepted requests still being decoded and stored: snapshots wait for them (see {@link #settled}). */
  private int storing;
  private int failureStatus;
  private boolean hung;
  private boolean closed;

  private final Closeable server;
  private final int port;

  private OtlpReceiver(Transport transport) {
    try {
      ServerHandle handle = transport.start(this);
      this.server = handle.server();
      this.port = handle.port();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start OTLP receiver", e);
    }
  }

  /** OTLP/HTTP with protobuf bodies: POST /v1/traces, /v1/metrics and /v1/logs. */
  public static OtlpReceiver http() {
    return new OtlpReceiver(OtlpHttpServer::start);
  }

  /** OTLP/gRPC over plaintext HTTP/2: the Export method of the trace, metrics and logs services. */
  public static OtlpReceiver grpc() {
    return new OtlpReceiver(OtlpGrpcServer::start);
  }

  /**
   * Base URL, e.g. {@code http://127.0.0.1:4318}: the value for OTEL_EXPORTER_OTLP_ENDPOINT, to which
   * OTLP/HTTP exporters append /v1/traces etc.
   */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  public List<ReceivedSpan> spans() {
    synchronized (lock) {
      settled();
      return List.copyOf(spans);
    }
  }

  /** Every data point received, in arrival order, each flattened with its metric's metadata. */
  public List<ReceivedMetric> metrics() {
    synchronized (lock) {
      settled();
      return List.copyOf(metrics);
    }
  }

  /** The values the exporter sent for one request header, over all requests so far (OTLP/HTTP only). */
  public Set<String> headerValues(String name) {
    synchronized (lock) {
      return Set.copyOf(headers.getOrDefault(name.toLowerCase(Locale.ROOT), Set.of()));
    }
  }

  void recordHeader(String name, String value) {
    synchronized (lock) {
      headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new TreeSet<>()).add(value);
    }
  }

  /** Export requests received (protobuf body on an OTLP path), including refused, malformed and held ones. */
  public int requestCount() {
    synchronized (lock) {
      return requestCount;
    }
  }

  /**
   * The uncompressed bodies of all requests received, concatenated (first 64 MiB), so tests can
   * scan everything that left the process for secrets, whatever field it was put in.
   */
  public byte[] rawBytes() {
    synchronized (lock) {
      return rawBytes.toByteArray();
    }
  }

  /** Waits until at least {@code atLeast} spans arrived; returns what there is at the timeout. */
  public List<ReceivedSpan> awaitSpans(int atLeast, Duration timeout) {
    return awaitSpans(received -> received.size() >= atLeast, timeout);
  }

  /**
   * Waits until {@code until} holds for the spans received; returns what there is at the timeout.
   * {@code until} runs while incoming requests wait on the receiver's lock, so keep it a quick check.
   */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> until, Duration timeout) {
    return await(OtlpReceiver::spans, until, timeout);
  }

  /**
   * Waits for a data point of the named metric and returns the latest one, which under cumulative
   * temporality is the most up-to-date value of its series.
   */
  public Optional<ReceivedMetric> awaitMetric(String name, Duration timeout) {
    List<ReceivedMetric> named = await(
        receiver -> receiver.metrics().stream().filter(point -> point.name().equals(name)).toList(),
        points -> !points.isEmpty(),
        timeout);
    return named.isEmpty() ? Optional.empty() : Optional.of(named.get(named.size() - 1));
  }

  /** Answers every following request with this HTTP status (gRPC: UNAVAILABLE) and keeps no data from it. */
  public void failWith(int httpStatus) {
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException("not an error status: " + httpStatus);
    }
    synchronized (lock) {
      failureStatus = httpStatus;
    }
  }

  /** Undoes {@link #failWith}: requests are accepted again. */
  public void recover() {
    synchronized (lock) {
      failureStatus = 0;
    }
  }

  /** While true, each request is held unanswered (so exporters time out) until unhung or closed. */
  public void hang(boolean hang) {
    synchronized (lock) {
      hung = hang;
      lock.notifyAll();
    }
  }

  /** Forgets everything received so far; failure modes stay as they are. */
  public void reset() {
    synchronized (lock) {
      spans.clear();
      metrics.clear();
      rawBytes.reset();
      headers.clear();
      requestCount = 0;
    }
  }

  /** Releases held requests first, so that stopping the server never waits on them. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("could not stop OTLP receiver", e);
    }
  }

  /**
   * Handles one export request body (already uncompressed) for either transport and returns the
   * HTTP status to answer with; the gRPC server maps it to a gRPC status.
   */
  int accept(OtlpSignal signal, byte[] body) {
    synchronized (lock) {
      requestCount++;
      rawBytes.write(body, 0, Math.min(body.length, RAW_BYTES_CAP - rawBytes.size()));
      lock.notifyAll();
      if (!holdWhileHung()) {
        return UNAVAILABLE;
      }
      if (failureStatus != 0) {
        return failureStatus;
      }
      storing++;
    }
    // Decoding happens outside the lock so a large batch does not stall concurrent requests.
    try {
      switch (signal) {
        case TRACES -> store(spans, OtlpDecoder.spans(ExportTraceServiceRequest.parseFrom(body)));
        case METRICS -> store(metrics, OtlpDecoder.metrics(ExportMetricsServiceRequest.parseFrom(body)));
        // Logs are parsed only to reject malformed requests as a collector would; no test reads them yet.
        case LOGS -> ExportLogsServiceRequest.parseFrom(body);
      }
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      return BAD_REQUEST;
    } finally {
      synchronized (lock) {
        storing--;
        lock.notifyAll();
      }
    }
    return OK;
  }

  /**
   * Waits (holding the lock, at most {@link #SETTLE_MILLIS}) until no accepted request is still being
   * decoded. A process that exits while its last export is in flight leaves the request to finish
   * here after the test has moved on; without this a snapshot could miss what was already sent.
   */
  private void settled() {
    long deadline = System.nanoTime() + SETTLE_MILLIS * 1_000_000L;
    long remaining;
    while (storing > 0 && (remaining = deadline - System.nanoTime()) > 0) {
      try {
        lock.wait(Math.max(1, remaining / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Returns false when the request must be abandoned because the receiver closed or the thread was interrupted. */
  private boolean holdWhileHung() {
    try {
      while (hung && !closed) {
        lock.wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !closed;
  }

  private <T> void store(List<T> target, List<T> received) {
    synchronized (lock) {
      target.addAll(received);
      lock.notifyAll();
    }
  }

  private <T> T await(Function<OtlpReceiver, T> snapshot, Predicate<T> until, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      T current = snapshot.apply(this);
      long remaining;
      while (!until.test(current) && (remaining = deadline - System.nanoTime()) > 0) {
        try {
          lock.wait(Math.max(1, remaining / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        current = snapshot.apply(this);
      }
      return current;
    }
  }

  /** Request threads for the transports; daemon so a test that forgets close() cannot keep the JVM alive. */
  static ExecutorService daemonThreads(String name) {
    return Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts a server that feeds {@link #accept}; one per OTLP transport. */
  @FunctionalInterface
  interface Transport {
    ServerHandle start(OtlpReceiver receiver) throws IOException;
  }

  record ServerHandle(Closeable server, int port) {}
}
