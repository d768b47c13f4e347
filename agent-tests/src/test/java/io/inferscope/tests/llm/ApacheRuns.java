package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The Apache HttpClient test applications, each run in its own JVM on one HttpClient version whose
 * jars come from target/apache-libs/&lt;artifact&gt;-&lt;version&gt; (copied by the build), never from the
 * test class path. The applications are named, not referenced: the test JVM has no HttpClient.
 */
public final class ApacheRuns {
  public static final String CLASSIC_APP = "io.inferscope.tests.apps.ApacheClassicLlmApp";
  static final String ASYNC_APP = "io.inferscope.tests.apps.ApacheAsyncLlmApp";
  public static final String V4_APP = "io.inferscope.tests.apps.Apache4LlmApp";
  /** The oldest and newest HttpClient 5 versions the hooks claim, and one between. */
  static final String OLDEST_5 = "5.4.4";
  static final String MIDDLE_5 = "5.5.1";
  public static final String NEWEST_5 = "5.6.5";
  public static final String V4 = "4.5.14";

  static final String CHAT = "{\"model\":\"gpt-4o-mini\",\"temperature\":0.2,\"max_tokens\":64,\"seed\":42,"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  static final String CHAT_STREAM = "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  static final String OLLAMA = "{\"model\":\"llama3.2\",\"options\":{\"temperature\":0.1,\"num_predict\":32},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  /** A POST to a path no LLM provider uses. */
  static final String NOT_LLM_PATH = "/internal/echo";
  static final String NOT_LLM_BODY = "{\"model\":\"gpt-4o-mini\",\"note\":\"not an LLM call\"}";

  /** What {@link #gzipServer} answers, gzip-compressed, to every POST to /v1/chat/completions. */
  static final String GZIP_ANSWER = "{\"id\":\"chatcmpl-gzip1\",\"object\":\"chat.completion\",\"created\":1721260800,"
      + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
      + "\"content\":\"Hello\"},\"finish_reason\":\"stop\"}],"
      + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18}}";

  private ApacheRuns() {}

  /**
   * A server that answers {@link #GZIP_ANSWER} with {@code Content-Encoding: gzip}, as real services
   * behind a CDN do for clients that ask for it (both HttpClients do, and decompress transparently).
   */
  static HttpServer gzipServer() throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(zipped)) {
      zip.write(GZIP_ANSWER.getBytes(StandardCharsets.UTF_8));
    }
    byte[] body = zipped.toByteArray();
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 16);
    server.createContext("/v1/chat/completions", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Content-Encoding", "gzip");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    server.start();
    return server;
  }

  /** The span of a call {@link #gzipServer} answered: the application's decompressed answer, read as such. */
  static void assertGzipAnswer(ReceivedSpan span) {
    assertEquals(null, span.attr("error.type"), () -> "a valid gzipped answer is no malformed response: " + span);
    assertEquals("UNSET", span.statusCode(), span::toString);
    assertEquals("gpt-4o-mini-2024-07-18", span.attr("gen_ai.response.model"), span::toString);
    assertEquals("chatcmpl-gzip1", span.attr("gen_ai.response.id"), span::toString);
    assertEquals(11L, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
    assertEquals(7L, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
  }

  /** The jars of one HttpClient version: {@code artifact} is httpclient5 or httpclient. */
  static Path[] jars(String artifact, String version) {
    String folder = System.getProperty("inferscope.apache.libs");
    if (folder == null) {
      throw new AssertionError("system property inferscope.apache.libs is not set; run the tests with Maven");
    }
    Path dir = Path.of(folder, artifact + "-" + version);
    try (Stream<Path> files = Files.list(dir)) {
      Path[] jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
      if (jars.length == 0) {
        throw new AssertionError("no jars in " + dir);
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path[] jarsFor(String version) {
    return jars(version.startsWith("4.") ? "httpclient" : "httpclient5", version);
  }

  /** {@code app} with the agent, on Java 17 and HttpClient {@code version}. */
  static ForkedJvm app(OtlpReceiver receiver, String app, String version, String url, String how, String body) {
    return LlmRuns.withAgent(receiver, app).classpath(jarsFor(version)).args(url, how, body);
  }

  /** The same on Java 25. */
  static ForkedJvm appOnJava25(OtlpReceiver receiver, String app, String version, String url, String how, String body) {
    return AgentApps.exportingTo(ForkedJvm.java25().withAgent().classpathFromTest(), receiver, AgentApps.HTTP)
        .mainClass(app).classpath(jarsFor(version)).args(url, how, body);
  }

  /** The same application without any agent: what it gets when nobody watches. */
  static ForkedJvm appWithoutAgent(String app, String version, String url, String how, String body) {
    return ForkedJvm.java17().classpathFromTest().classpath(jarsFor(version)).mainClass(app).args(url, how, body);
  }

  /** The application ran on the HttpClient version the test meant. */
  static void assertRanOn(ForkedJvm.Result result, String version) {
    String jar = LlmRuns.values(result).get("httpclient.jar");
    assertTrue(jar != null && jar.endsWith("-" + version + ".jar"), () -> "ran on " + jar + ", not " + version + "\n" + LlmRuns.output(result));
  }

  /** The request the fake server got carries a traceparent naming {@code span}. */
  static void assertTraceparentNames(String traceparent, ReceivedSpan span) {
    assertTrue(String.valueOf(traceparent).startsWith("00-" + span.traceId() + "-" + span.spanId() + "-"),
        () -> "the request names the GenAI span: " + traceparent + " vs " + span);
  }

  /** A whole chat answer of the fake server on a CLIENT span, with the request's parameters. */
  static void assertChatSpan(ReceivedSpan span, int port) {
    assertEquals("chat gpt-4o-mini", span.name(), span::toString);
    assertEquals("CLIENT", span.kind(), span::toString);
    assertEquals("chat", span.attr("gen_ai.operation.name"), span::toString);
    assertEquals("openai", span.attr("gen_ai.provider.name"), span::toString);
    assertEquals("gpt-4o-mini", span.attr("gen_ai.request.model"), span::toString);
    assertEquals(0.2, span.attributes().get("gen_ai.request.temperature"), span::toString);
    assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"), span::toString);
    assertEquals(42L, span.longAttr("gen_ai.request.seed"), span::toString);
    assertEquals("127.0.0.1", span.attr("server.address"), span::toString);
    assertEquals((long) port, span.longAttr("server.port"), span::toString);
    assertEquals("UNSET", span.statusCode(), span::toString);
  }
}
