package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.apps.JdkHttpLlmSequenceApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Forked LLM-calling application JVMs and the assertions the LLM tests share. */
public final class LlmRuns {
  static final String SCOPE = "io.inferscope.genai";

  private LlmRuns() {}

  /** A JVM with the agent exporting to {@code receiver}, running {@code mainClass} from the test class path. */
  static ForkedJvm withAgent(OtlpReceiver receiver, String mainClass) {
    return AgentApps.exportingTo(ForkedJvm.java17().withAgent().classpathFromTest(), receiver, AgentApps.HTTP).mainClass(mainClass);
  }

  /** An application using an LLM SDK, with the SDK jars of target/llm-libs (not the test class path). */
  static ForkedJvm sdkApp(OtlpReceiver receiver, String mainClass, String... args) {
    return withAgent(receiver, mainClass).classpath(llmLibs()).args(args);
  }

  /** An application using anthropic-java, with the jars of target/anthropic-libs. */
  static ForkedJvm anthropicApp(OtlpReceiver receiver, String mainClass, String... args) {
    return withAgent(receiver, mainClass).classpath(jarsIn("inferscope.anthropic.libs")).args(args);
  }

  static Path[] llmLibs() {
    return jarsIn("inferscope.llm.libs");
  }

  /** The jars of the folder the build copied them to, named by the system property {@code folderProperty}. */
  static Path[] jarsIn(String folderProperty) {
    return jarsOf(folder(folderProperty));
  }

  /** The jars of the subfolder {@code version} of the folder named by {@code folderProperty} (one library version each). */
  public static Path[] jarsIn(String folderProperty, String version) {
    return jarsOf(folder(folderProperty).resolve(version));
  }

  private static Path folder(String folderProperty) {
    String folder = System.getProperty(folderProperty);
    if (folder == null) {
      throw new AssertionError("system property " + folderProperty + " is not set; run the tests with Maven");
    }
    return Path.of(folder);
  }

  private static Path[] jarsOf(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      Path[] jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toArray(Path[]::new);
      if (jars.length == 0) {
        throw new AssertionError("no jars in " + folder);
      }
      return jars;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ForkedJvm jdkApp(OtlpReceiver receiver, String url, String how, String body) {
    ForkedJvm jvm = withAgent(receiver, JdkHttpLlmApp.class.getName());
    return body == null ? jvm.args(url, how) : jvm.args(url, how, body);
  }

  /** The OkHttp application, by name: its class must not be loaded in the test JVM, which lacks OkHttp. */
  static final String OKHTTP_APP = "io.inferscope.tests.apps.OkHttpLlmApp";

  /** {@link #OKHTTP_APP} with the agent; OkHttp 4.12 and okio come from {@code inferscope.llm.libs}. */
  static ForkedJvm okHttpApp(OtlpReceiver receiver, String url, String how, String body) {
    ForkedJvm jvm = withAgent(receiver, OKHTTP_APP).classpath(okHttpJars());
    return body == null ? jvm.args(url, how) : jvm.args(url, how, body);
  }

  /** The same application without the agent: what the application observes when nobody watches. */
  static ForkedJvm withoutAgent(String mainClass) {
    return ForkedJvm.java17().classpathFromTest().classpath(okHttpJars()).mainClass(mainClass);
  }

  /** {@link JdkHttpLlmSequenceApp}: several calls in one JVM, groups separated by {@code --}. */
  static ForkedJvm jdkSequence(OtlpReceiver receiver, String... args) {
    return withAgent(receiver, JdkHttpLlmSequenceApp.class.getName()).args(args);
  }

  /** {@code OkHttpLlmSequenceApp} (by name, as {@link #OKHTTP_APP}): several OkHttp calls in one JVM, groups separated by {@code --}. */
  static ForkedJvm okHttpSequence(OtlpReceiver receiver, String... args) {
    return withAgent(receiver, "io.inferscope.tests.apps.OkHttpLlmSequenceApp").classpath(okHttpJars()).args(args);
  }

  /** OkHttp 4.12, okio and the Kotlin standard library, as copied to target/okhttp4-libs by the build. */
  public static Path[] okHttpJars() {
    return jarsIn("inferscope.okhttp4.libs");
  }


  /** The only span of the GenAI scope, once the application JVM has exited (its last export done). */
  static ReceivedSpan onlyGenAiSpan(OtlpReceiver receiver, ForkedJvm.Result result) {
    return onlyGenAiSpan(receiver.spans(), "\n" + output(result));
  }

  static String output(ForkedJvm.Result result) {
    return "--- stdout ---\n" + result.stdout() + "\n--- stderr ---\n" + result.stderr();
  }

  static List<ReceivedSpan> genAiSpans(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> SCOPE.equals(s.scopeName())).toList();
  }

  /** What the fake server answered, as the span must say it: response model, one finish reason, usage. */
  static void assertAnswer(ReceivedSpan span, String responseModel, String finishReason, long inputTokens, long outputTokens) {
    assertEquals(responseModel, span.attr("gen_ai.response.model"), span::toString);
    assertEquals(List.of(finishReason), span.attributes().get("gen_ai.response.finish_reasons"), span::toString);
    assertEquals(inputTokens, span.longAttr("gen_ai.usage.input_tokens"), span::toString);
    assertEquals(outputTokens, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
  }

  /**
   * A streamed chat read to its end, whose callback's own LLM call (embeddings, made in the stream's
   * handler) is the chat span's child: the call's context reached the handler.
   */
  static void assertStreamedChatWithCallbackChild(List<ReceivedSpan> genAi, String chatName) {
    ReceivedSpan chat = onlyNamed(genAi, chatName);
    assertEquals("completed", chat.attr("inferscope.stream.outcome"), chat::toString);
    assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), chat.longAttr("inferscope.stream.chunks"), chat::toString);
    ReceivedSpan callback = onlyNamed(genAi, "embeddings callback-embedder");
    assertEquals(chat.spanId(), callback.parentSpanId(), () -> "work in the stream handler joins the call's trace: " + genAi);
  }

  /**
   * A stream the application kept but never read again, ended by the watchdog: after the idle timeout,
   * and before the application let go of it ({@code heldMillis} later, when the JVM exits).
   */
  static void assertAbandonedByWatchdog(ReceivedSpan span, long timeoutMillis, long heldMillis) {
    assertEquals("abandoned", span.attr("inferscope.stream.outcome"), span::toString);
    assertEquals("abandoned", span.attr("error.type"), span::toString);
    assertEquals("ERROR", span.statusCode(), span::toString);
    long millis = (span.endEpochNanos() - span.startEpochNanos()) / 1_000_000;
    assertTrue(millis >= timeoutMillis, () -> "not before the idle timeout: " + millis + " ms");
    assertTrue(millis < heldMillis - 100, () -> "ended by the watchdog, not at the JVM's exit: " + millis + " ms");
  }

  /** The one span of {@code spans} named {@code name}. */
  static ReceivedSpan onlyNamed(List<ReceivedSpan> spans, String name) {
    List<ReceivedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, named.size(), () -> "one span named " + name + ": " + spans);
    return named.get(0);
  }

  static ReceivedSpan onlyGenAiSpan(OtlpReceiver receiver) {
    return onlyGenAiSpan(receiver.spans(), "");
  }

  private static ReceivedSpan onlyGenAiSpan(List<ReceivedSpan> spans, String context) {
    List<ReceivedSpan> genAi = genAiSpans(spans);
    assertEquals(1, genAi.size(), () -> "one GenAI span; all spans: " + spans + context);
    return genAi.get(0);
  }

  /**
   * The {@code key=value} lines a sequence application (JdkHttpLlmSequenceApp, OkHttpLlmSequenceApp)
   * printed for its step {@code n}: those after {@code step=n} and before the next step; the last one wins.
   */
  static Map<String, String> stepValues(ForkedJvm.Result result, int n) {
    Map<String, String> values = new HashMap<>();
    int step = -1;
    for (String line : result.stdout().lines().toList()) {
      if (line.startsWith("step=")) {
        step = Integer.parseInt(line.substring("step=".length()));
      } else if (step == n && line.indexOf('=') > 0) {
        values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
      }
    }
    assertFalse(values.isEmpty(), () -> "the application printed nothing for step " + n + "\n" + output(result));
    return values;
  }

  /** The {@code key=value} lines an app printed; the last one wins. */
  public static Map<String, String> values(ForkedJvm.Result result) {
    Map<String, String> values = new HashMap<>();
    result.stdout().lines().filter(l -> l.indexOf('=') > 0)
        .forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }

  /** The latest point of each series of {@code name} whose attributes include {@code attributes}. */
  static List<ReceivedMetric> series(OtlpReceiver receiver, String name, Map<String, Object> attributes) {
    return series(receiver.metrics(), name, attributes);
  }

  /** As {@link #series(OtlpReceiver, String, Map)}, over data points already received. */
  static List<ReceivedMetric> series(List<ReceivedMetric> metrics, String name, Map<String, Object> attributes) {
    Map<Map<String, Object>, ReceivedMetric> latest = new HashMap<>();
    metrics.stream()
        .filter(m -> m.name().equals(name))
        .filter(m -> m.attributes().entrySet().containsAll(attributes.entrySet()))
        .forEach(p -> latest.put(p.attributes(), p));
    return List.copyOf(latest.values());
  }

  /**
   * Stricter than {@link #assertNoSecret}: the test applications never print the key themselves, so
   * it must be in no exported byte and in no line of the application's stdout or stderr.
   */
  static void assertNoSecretAnywhere(OtlpReceiver receiver, ForkedJvm.Result result) {
    assertNoSecretAnywhere(receiver.rawBytes(), result);
  }

  /** As {@link #assertNoSecretAnywhere(OtlpReceiver, ForkedJvm.Result)}, over the bytes a receiver got. */
  static void assertNoSecretAnywhere(byte[] exported, ForkedJvm.Result result) {
    String secret = JdkHttpLlmApp.API_KEY;
    String all = new String(exported, StandardCharsets.ISO_8859_1);
    assertFalse(all.contains(secret), "the API key was exported");
    assertFalse(all.contains("SECRET"), "a part of the API key was exported");
    result.stdout().lines().forEach(line -> assertFalse(line.contains(secret), () -> "the API key on stdout: " + line));
    result.stderr().lines().forEach(line -> assertFalse(line.contains(secret), () -> "the API key on stderr: " + line));
  }

  /** The secret never left the application: not in any exported byte, not in the agent's output. */
  static void assertNoSecret(OtlpReceiver receiver, ForkedJvm.Result result) {
    String secret = JdkHttpLlmApp.API_KEY;
    assertFalse(new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1).contains(secret), "the API key was exported");
    assertFalse(result.stderr().contains(secret), "the API key was logged");
  }
}
