package io.inferscope.tests.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ChildProcess;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.FreePort;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The built sample application ({@code sample-app/}, system property {@code inferscope.sample.dir})
 * in a forked JVM with the agent attached and exporting to a test receiver, and requests to it.
 * Its class path is the one its build wrote to target/classpath.txt, never the test class path:
 * its openai-java needs OkHttp 4, the test class path has OkHttp 5.
 */
final class SampleAppRuns implements AutoCloseable {
  static final String MAIN = "io.inferscope.sample.SampleApp";
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration EXPORT = Duration.ofSeconds(20);

  private final OtlpReceiver receiver;
  private final ChildProcess app;
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private SampleAppRuns(OtlpReceiver receiver, ChildProcess app, int port) {
    this.receiver = receiver;
    this.app = app;
    this.baseUrl = "http://127.0.0.1:" + port;
  }

  /** Starts the application (with its built-in fake LLM) and waits until it serves. */
  static SampleAppRuns start(OtlpReceiver receiver) {
    int port = FreePort.pick();
    ChildProcess app = application(receiver, port).start();
    try {
      app.waitForOutput("listening on http://127.0.0.1:" + port, STARTUP);
    } catch (AssertionError e) {
      app.close();
      throw e;
    }
    return new SampleAppRuns(receiver, app, port);
  }

  /**
   * POSTs {@code body} to {@code path}, expects 200, and returns the spans that arrived since, once
   * {@code complete} holds for them: requests are sent one at a time, so these spans are this request's.
   */
  List<ReceivedSpan> post(String path, String body, Predicate<List<ReceivedSpan>> complete) {
    int before = receiver.spans().size();
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path))
          .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), () -> path + " answered " + response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    List<ReceivedSpan> all = receiver.awaitSpans(spans -> spans.size() > before
        && complete.test(spans.subList(before, spans.size())), EXPORT);
    return all.subList(Math.min(before, all.size()), all.size());
  }

  /**
   * Runs the application under its own generated traffic ({@code --traffic requests}) with the settings
   * {@code configure} adds (e.g. a sampler), until it exits after the traffic; returns what it printed.
   */
  static ForkedJvm.Result traffic(OtlpReceiver receiver, int requests, int clients, UnaryOperator<ForkedJvm> configure,
      Duration timeout) {
    ForkedJvm jvm = configure.apply(application(receiver, FreePort.pick()))
        .args("--traffic", String.valueOf(requests), "--concurrency", String.valueOf(clients), "--exit-after-traffic");
    return jvm.start().awaitExit(timeout);
  }

  private static ForkedJvm application(OtlpReceiver receiver, int port) {
    Path dir = sampleDir();
    return AgentApps.exportingTo(ForkedJvm.java17().withAgent(), receiver, AgentApps.HTTP)
        .classpath(classpath(dir))
        .env("DJL_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString())
        .mainClass(MAIN)
        .args("--port", String.valueOf(port), "--models", dir.resolve("models").toString());
  }

  /** Stops the application (SIGTERM: the agent's last export runs) and returns what it printed. */
  ForkedJvm.Result stop() {
    return app.stop();
  }

  @Override
  public void close() {
    app.close();
  }

  static Path sampleDir() {
    String dir = System.getProperty("inferscope.sample.dir");
    if (dir == null) {
      throw new AssertionError("system property inferscope.sample.dir is not set; run the tests with Maven");
    }
    return Path.of(dir).toAbsolutePath().normalize();
  }

  /** target/classes and the run-time class path the sample application's build wrote. */
  private static Path[] classpath(Path dir) {
    Path classes = dir.resolve("target").resolve("classes");
    Path file = dir.resolve("target").resolve("classpath.txt");
    if (!Files.isDirectory(classes) || !Files.isRegularFile(file)) {
      throw new AssertionError("the sample application is not built (" + file + " missing);"
          + " build it first: mvn -pl agent,sample-app -am install -DskipTests");
    }
    try {
      String[] jars = Files.readString(file).trim().split(File.pathSeparator);
      return Stream.concat(Stream.of(classes), Arrays.stream(jars).map(Path::of))
          .toArray(Path[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
