package io.inferscope.tests.backends;

import io.inferscope.tests.llm.fake.Json;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.LocalHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real Zipkin server (the 3.6.1 exec jar the build copies, system property
 * {@code inferscope.zipkin.server.jar}) on 127.0.0.1 and a free port, with in-memory storage, and the
 * parts of its HTTP API the tests read. Zipkin has no OTLP receiver: the agent sends to it with its
 * Zipkin exporter. Closing it kills the server.
 */
public final class ZipkinServer implements AutoCloseable {
  /** It starts in about 4 s on an idle machine; a busy CI machine gets ample room. */
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final int port;
  private final ChildProcess process;

  private ZipkinServer(int port, ChildProcess process) {
    this.port = port;
    this.process = process;
  }

  public static ZipkinServer start() {
    int port = FreePort.pick();
    ChildProcess process = ForkedJvm.java17()
        .executableJar(jar())
        // Small and quick to start: an in-memory store of a few hundred spans needs little heap.
        .jvmArg("-Xmx256m")
        .jvmArg("-XX:TieredStopAtLevel=1")
        // Armeria, not Spring's server.address, owns the socket: this binds it to loopback only.
        .args("--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port, "--armeria.ports[0].protocols[0]=http")
        .start();
    ZipkinServer server = new ZipkinServer(port, process);
    process.awaitHttpOk(server.url("/health"), STARTUP);
    return server;
  }

  static Path jar() {
    String configured = System.getProperty("inferscope.zipkin.server.jar");
    if (configured == null) {
      throw new AssertionError("system property inferscope.zipkin.server.jar is not set; run the tests with Maven");
    }
    return Path.of(configured);
  }

  public int port() {
    return port;
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  /** Where the agent's Zipkin exporter sends: {@code OTEL_EXPORTER_ZIPKIN_ENDPOINT}. */
  public String spansEndpoint() {
    return url("/api/v2/spans");
  }

  /** The service names Zipkin has seen (it lower-cases them). */
  public List<String> services() {
    return Json.array(LocalHttp.get(url("/api/v2/services"))).stream().map(String.class::cast).toList();
  }

  /** Every span of every stored trace of {@code service}, as Zipkin's query API returns them. */
  public List<ZipkinSpan> spans(String service) {
    String query = "/api/v2/traces?limit=1000&serviceName=" + URLEncoder.encode(service, StandardCharsets.UTF_8);
    List<ZipkinSpan> spans = new ArrayList<>();
    for (Object trace : Json.array(LocalHttp.get(url(query)))) {
      for (Object span : (List<?>) trace) {
        spans.add(ZipkinSpan.of((Map<?, ?>) span));
      }
    }
    return spans;
  }

  /**
   * The spans of {@code service} once there are at least {@code count}, or what there is when
   * {@code timeout} runs out: the exporter sends in the background, and the caller asserts the count.
   */
  public List<ZipkinSpan> awaitSpans(String service, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ZipkinSpan> spans = spans(service);
    while (spans.size() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for spans of " + service, e);
      }
      spans = spans(service);
    }
    return spans;
  }

  /** Zipkin's raw answer for a trace: what a user's browser would get, for secret scans. */
  public String rawTrace(String traceId) {
    return LocalHttp.get(url("/api/v2/trace/" + traceId));
  }

  @Override
  public void close() {
    process.close();
  }
}
