package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedMetric;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Forked LLM-calling application JVMs and the assertions the LLM tests share. */
final class LlmRuns {
  static final String SCOPE = "io.inferscope.genai";

  private LlmRuns() {}

  /** A JVM with the agent exporting to {@code receiver}, running {@code mainClass} from the test class path. */
  static ForkedJvm withAgent(OtlpReceiver receiver, String mainClass) {
    return AgentApps.exportingTo(ForkedJvm.java17().withAgent().classpathFromTest(), receiver, AgentApps.HTTP).mainClass(mainClass);
  }

  static ForkedJvm jdkApp(OtlpReceiver receiver, String url, String how, String body) {
    ForkedJvm jvm = withAgent(receiver, JdkHttpLlmApp.class.getName());
    return body == null ? jvm.args(url, how) : jvm.args(url, how, body);
  }

  static List<ReceivedSpan> genAiSpans(List<ReceivedSpan> spans) {
    return spans.stream().filter(s -> SCOPE.equals(s.scopeName())).toList();
  }

  static ReceivedSpan onlyGenAiSpan(OtlpReceiver receiver) {
    List<ReceivedSpan> spans = receiver.spans();
    List<ReceivedSpan> genAi = genAiSpans(spans);
    assertEquals(1, genAi.size(), () -> "one GenAI span; all spans: " + spans);
    return genAi.get(0);
  }

  /** The {@code key=value} lines an app printed; the last one wins. */
  static Map<String, String> values(ForkedJvm.Result result) {
    Map<String, String> values = new HashMap<>();
    result.stdout().lines().filter(l -> l.indexOf('=') > 0)
        .forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }

  /** The latest point of each series of {@code name} whose attributes include {@code attributes}. */
  static List<ReceivedMetric> series(OtlpReceiver receiver, String name, Map<String, Object> attributes) {
    Map<Map<String, Object>, ReceivedMetric> latest = new HashMap<>();
    receiver.metrics().stream()
        .filter(m -> m.name().equals(name))
        .filter(m -> m.attributes().entrySet().containsAll(attributes.entrySet()))
        .forEach(p -> latest.put(p.attributes(), p));
    return List.copyOf(latest.values());
  }

  /** The secret never left the application: not in any exported byte, not in the agent's output. */
  static void assertNoSecret(OtlpReceiver receiver, ForkedJvm.Result result) {
    String secret = JdkHttpLlmApp.API_KEY;
    assertFalse(new String(receiver.rawBytes(), StandardCharsets.ISO_8859_1).contains(secret), "the API key was exported");
    assertFalse(result.stderr().contains(secret), "the API key was logged");
  }
}
