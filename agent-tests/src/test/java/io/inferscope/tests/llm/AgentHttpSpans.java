package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 13's promise beside the OpenTelemetry Java agent, read from what an LLM server received and
 * the spans exported: each logical call is exactly one GenAI span, InferScope's; the agent's HTTP
 * CLIENT span of that call's request is its only child, in its trace; and the request carried exactly
 * one {@code traceparent}, naming that HTTP span.
 */
final class AgentHttpSpans {
  static final String OURS = "io.inferscope.genai";
  /** Every instrumentation scope of the OpenTelemetry Java agent starts so. */
  private static final String AGENT = "io.opentelemetry.";
  private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");

  private AgentHttpSpans() {}

  /**
   * @param calls each call's GenAI span name (one request each; a name once per call)
   * @param genAiScope the scope that records the GenAI spans
   * @param httpScope the scope of the agent's HTTP span expected under a GenAI span of that name (the
   *     HTTP client's instrumentation in the agent)
   */
  static void assertOneGenAiSpanPerCallOverTheAgentsHttpSpan(List<ReceivedSpan> spans, List<RecordedRequest> requests,
      List<String> calls, String genAiScope, Function<String, String> httpScope, String output) {
    String all = describe(spans) + output;
    List<ReceivedSpan> genAi = spans.stream().filter(s -> s.attributes().containsKey("gen_ai.operation.name")).toList();
    assertEquals(calls.stream().sorted().toList(), genAi.stream().map(ReceivedSpan::name).sorted().toList(),
        () -> "one GenAI span per call: " + all);
    List<String> httpSpanIds = new ArrayList<>();
    for (ReceivedSpan call : genAi) {
      assertEquals(genAiScope, call.scopeName(), () -> "recorded by " + genAiScope + ": " + call + all);
      List<ReceivedSpan> children =
          spans.stream().filter(s -> s.parentSpanId().equals(call.spanId()) && s.scopeName().startsWith(AGENT)).toList();
      assertEquals(1, children.size(), () -> "the agent's HTTP span, its only one under " + call.name() + ": " + all);
      ReceivedSpan http = children.get(0);
      assertEquals("CLIENT", http.kind(), () -> http + all);
      assertEquals(httpScope.apply(call.name()), http.scopeName(), () -> "the agent's HTTP span of " + call.name() + all);
      assertEquals(call.traceId(), http.traceId(), () -> "one trace: " + all);
      httpSpanIds.add(http.spanId());
    }
    List<ReceivedSpan> agentClients = spans.stream().filter(s -> s.scopeName().startsWith(AGENT) && s.kind().equals("CLIENT")).toList();
    assertEquals(calls.size(), agentClients.size(), () -> "no other HTTP span of the agent's: " + all);
    assertEquals(calls.size(), requests.size(), () -> "one request per call: " + requests + all);
    for (RecordedRequest request : requests) {
      List<String> traceparents = request.headers("traceparent");
      assertEquals(1, traceparents.size(), () -> "one traceparent on " + request + ": " + traceparents + all);
      Matcher header = TRACEPARENT.matcher(traceparents.get(0));
      assertTrue(header.matches(), traceparents::toString);
      assertTrue(httpSpanIds.remove(header.group(2)), () -> request + " names the agent's HTTP span of its call: " + header.group() + all);
      ReceivedSpan named = spans.stream().filter(s -> s.spanId().equals(header.group(2))).findFirst().orElseThrow();
      assertEquals(named.traceId(), header.group(1), () -> header.group() + all);
    }
  }

  /** The spans as kind, name, scope and span id under parent id, for failure messages. */
  static String describe(List<ReceivedSpan> spans) {
    return spans.stream()
        .map(s -> "\n  " + s.kind() + " " + s.name() + " [" + s.scopeName() + "] " + s.traceId() + "/" + s.spanId() + "<-"
            + Objects.toString(s.parentSpanId(), ""))
        .toList().toString();
  }
}
