package io.inferscope.tests.llm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.AnthropicSdkApp;
import io.inferscope.tests.apps.AppSequence;
import io.inferscope.tests.apps.GoogleGenAiApp;
import io.inferscope.tests.apps.LlmCallback;
import io.inferscope.tests.apps.SpringAiApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.AgentApps;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The LLM SDKs the OpenTelemetry Java agent 2.33.1 has no instrumentation for (anthropic-java, Google's
 * Gen AI SDK, Spring AI's {@code ChatModel.call} and {@code stream()}), with InferScope as that agent's extension: each call, whole or streamed, is
 * one GenAI span (InferScope's, but anthropic-java's own where that SDK traces itself), with the
 * agent's span of the HTTP client underneath (the SDK's own transport) as its child and named by the
 * request's one {@code traceparent}. One JVM per SDK, its
 * calls run one after the other ({@link AppSequence}), each asking for a model of its own.
 */
class SdksWithOpenTelemetryAgentTest {
  private static final String OKHTTP = "io.opentelemetry.okhttp-3.0";
  private static final String JDK = "io.opentelemetry.java-http-client";
  private static final String WEBFLUX = "io.opentelemetry.spring-webflux-5.0";
  private static final String ANTHROPIC_OWN_SPAN = "anthropic.messages.create";
  private static final String ANTHROPIC_OWN_SCOPE = "com.anthropic.sdk.java";

  /**
   * An SDK's application steps (class and arguments after the base URL, which comes first), the jars
   * it runs on, each call's GenAI span name, the scope recording them, the scope of the agent's HTTP
   * span under each, and patterns of lines the application must print (it got its answers).
   */
  record Sdk(String name, Supplier<Path[]> jars, List<List<String>> steps, List<String> calls, String genAiScope,
      Map<String, String> httpScopes, List<String> printed) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> sdks() {
    String content = "\\Q" + FakeAnswer.CONTENT + "\\E";
    return Stream.of(
        // anthropic-java has OpenTelemetry tracing of its own, on when a global OpenTelemetry is set (the
        // agent sets one): its span is the call's GenAI span, and InferScope adds none under it.
        new Sdk("anthropic-java", () -> LlmRuns.jarsIn("inferscope.anthropic.libs"),
            List.of(List.of(AnthropicSdkApp.class.getName(), "chat", "claude-haiku-4-5"),
                List.of(AnthropicSdkApp.class.getName(), "stream", "claude-sonnet-4-5")),
            List.of(ANTHROPIC_OWN_SPAN, ANTHROPIC_OWN_SPAN), ANTHROPIC_OWN_SCOPE, Map.of(ANTHROPIC_OWN_SPAN, OKHTTP),
            List.of("content=" + content, "events=[1-9][0-9]*")),
        new Sdk("google-genai", () -> LlmRuns.jarsIn("inferscope.google-genai.newest.libs"),
            List.of(List.of(GoogleGenAiApp.class.getName(), "gemini", "gemini-2.0-flash", "1", "generate"),
                List.of(GoogleGenAiApp.class.getName(), "gemini", "gemini-2.5-flash", "1", "stream")),
            List.of("generate_content gemini-2.0-flash", "generate_content gemini-2.5-flash"), AgentHttpSpans.OURS,
            Map.of("generate_content gemini-2.0-flash", OKHTTP, "generate_content gemini-2.5-flash", OKHTTP),
            List.of("generate.content=" + content, "stream.content=" + content)),
        // ChatModel.call over RestClient on the JDK HttpClient; stream() over WebClient on the JDK HttpClient
        // too (Spring AI's own dependencies, no Reactor Netty), where the agent's span is its WebClient span,
        // started in its exchange filter; the stream's first chunk makes one more call (LlmCallback).
        new Sdk("Spring AI " + SpringAiTest.NEWEST, () -> SpringAiTest.springAi(SpringAiTest.NEWEST),
            List.of(List.of(SpringAiApp.class.getName(), "chat", "gpt-4o-mini"),
                List.of(SpringAiApp.class.getName(), "stream", "gpt-4o")),
            List.of("chat gpt-4o-mini", "chat gpt-4o", "embeddings " + LlmCallback.MODEL), AgentHttpSpans.OURS,
            Map.of("chat gpt-4o-mini", JDK, "chat gpt-4o", WEBFLUX, "embeddings " + LlmCallback.MODEL, JDK),
            List.of("content=" + content, "output.tokens=" + FakeAnswer.OUTPUT_TOKENS, "chunks=[1-9][0-9]*",
                "callback=.*:200")))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sdks")
  void eachCallIsOneGenAiSpanWithTheAgentsHttpSpanUnderIt(Sdk sdk) {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      List<String> args = new ArrayList<>(List.of("0"));
      for (List<String> step : sdk.steps()) {
        if (args.size() > 1) {
          args.add(AppSequence.SEPARATOR);
        }
        args.add(step.get(0));
        args.add(server.baseUrl());
        args.addAll(step.subList(1, step.size()));
      }
      ForkedJvm.Result result = AgentApps.exportingTo(
              ForkedJvm.java17().withAgentAsExtensionOf(AgentApps.openTelemetryJavaAgent()).classpathFromTest(), receiver, AgentApps.HTTP)
          .mainClass(AppSequence.class.getName()).classpath(sdk.jars().get()).args(args.toArray(String[]::new))
          .run().assertSuccess();
      String output = "\n" + LlmRuns.output(result);
      List<String> lines = result.stdout().lines().toList();
      for (String pattern : sdk.printed()) {
        assertTrue(lines.stream().anyMatch(l -> l.matches(pattern)), () -> "the application printed " + pattern + output);
      }
      assertTrue(lines.stream().noneMatch(l -> l.contains("caught=")), output);

      List<ReceivedSpan> spans = receiver.spans();
      AgentHttpSpans.assertOneGenAiSpanPerCallOverTheAgentsHttpSpan(
          spans, server.requests(), sdk.calls(), sdk.genAiScope(), sdk.httpScopes()::get, output);
    }
  }
}
