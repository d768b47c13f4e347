package io.inferscope.tests.llm.bedrock;

import static io.inferscope.tests.llm.bedrock.BedrockRuns.all;
import static io.inferscope.tests.llm.bedrock.BedrockRuns.genAiSpans;
import static io.inferscope.tests.llm.bedrock.BedrockRuns.output;
import static io.inferscope.tests.llm.bedrock.BedrockRuns.step;
import static io.inferscope.tests.llm.bedrock.BedrockRuns.steps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * AWS Bedrock Runtime through the real AWS SDK for Java 2.x (its oldest and newest tested versions),
 * its sync client on each transport and its async client on its default Netty transport, against a
 * fake Bedrock on 127.0.0.1 with static fake credentials: one {@code aws.bedrock} GenAI span per
 * logical call, retries included, the application's bytes unchanged and no credential recorded.
 */
class AwsBedrockTest {
  private static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";
  private static final String NOVA = "amazon.nova-lite-v1:0";
  private static final String TITAN = "amazon.titan-text-express-v1";

  @ParameterizedTest
  @ValueSource(strings = {BedrockRuns.NEWEST, BedrockRuns.OLDEST})
  void syncConverseAndInvokeModelAreOneSpanEachOnEveryTransport(String version) {
    List<String> transports = version.equals(BedrockRuns.NEWEST) ? List.of("apache", "apache5", "urlconnection") : List.of("apache", "urlconnection");
    try (FakeBedrockServer server = FakeBedrockServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String endpoint = server.endpoint();
      List<List<String>> calls = new java.util.ArrayList<>();
      for (String transport : transports) {
        calls.add(step(endpoint, transport, "converse", NOVA));
        calls.add(step(endpoint, transport, "invoke", CLAUDE));
        calls.add(step(endpoint, transport, "invoke", TITAN));
      }
      ForkedJvm.Result result = BedrockRuns.withAgent(receiver, version, steps(calls)).run().assertSuccess();
      assertEquals(List.of(), all(result, "caught"), () -> output(result));
      assertEquals(transports.size(), all(result, "content").stream().filter(FakeBedrockServer.CONTENT::equals).count(), () -> output(result));
      // The application read exactly the bytes the server sent.
      List<String> sent = server.sentBodySha256();
      List<String> read = all(result, "body.sha256");
      assertEquals(2 * transports.size(), read.size(), () -> output(result));
      for (int t = 0; t < transports.size(); t++) {
        assertEquals(sent.get(3 * t + 1), read.get(2 * t), "claude body, " + transports.get(t));
        assertEquals(sent.get(3 * t + 2), read.get(2 * t + 1), "titan body, " + transports.get(t));
      }
      List<ReceivedSpan> genAi = genAiSpans(receiver);
      assertEquals(3 * transports.size(), genAi.size(), () -> "one span per call: " + genAi + output(result));
      List<ReceivedSpan> converse = genAi.stream().filter(s -> s.name().equals("chat " + NOVA)).toList();
      assertEquals(transports.size(), converse.size(), genAi::toString);
      for (ReceivedSpan span : converse) {
        assertEquals("CLIENT", span.kind());
        assertEquals("aws.bedrock", span.attr("gen_ai.provider.name"), span::toString);
        assertEquals("chat", span.attr("gen_ai.operation.name"));
        assertEquals(NOVA, span.attr("gen_ai.request.model"));
        assertEquals(64L, span.longAttr("gen_ai.request.max_tokens"));
        assertEquals(0.5, (Double) span.attributes().get("gen_ai.request.temperature"), 1e-6);
        assertEquals(List.of(FakeBedrockServer.STOP), span.attributes().get("gen_ai.response.finish_reasons"), span::toString);
        assertEquals((long) FakeBedrockServer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
        assertEquals((long) FakeBedrockServer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
        assertEquals("127.0.0.1", span.attr("server.address"));
        assertEquals((long) server.port(), span.longAttr("server.port"));
        assertEquals("UNSET", span.statusCode(), span::toString);
      }
      List<ReceivedSpan> claude = genAi.stream().filter(s -> s.name().equals("chat " + CLAUDE)).toList();
      assertEquals(transports.size(), claude.size(), genAi::toString);
      for (ReceivedSpan span : claude) {
        assertEquals("aws.bedrock", span.attr("gen_ai.provider.name"));
        assertEquals(FakeBedrockServer.CLAUDE_ID, span.attr("gen_ai.response.id"), span::toString);
        assertEquals(FakeBedrockServer.CLAUDE_MODEL, span.attr("gen_ai.response.model"));
        assertEquals((long) FakeBedrockServer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      }
      List<ReceivedSpan> titan = genAi.stream().filter(s -> s.name().equals("text_completion " + TITAN)).toList();
      assertEquals(transports.size(), titan.size(), genAi::toString);
      for (ReceivedSpan span : titan) {
        assertEquals(List.of("FINISH"), span.attributes().get("gen_ai.response.finish_reasons"), span::toString);
        assertEquals((long) FakeBedrockServer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      }
      BedrockRuns.assertNoCredentials(receiver, result, server.requests());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {BedrockRuns.NEWEST, BedrockRuns.OLDEST})
  void asyncConverseStreamAndInvokeAreOneSpanEachEndingWithTheStream(String version) {
    try (FakeBedrockServer server = FakeBedrockServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String endpoint = server.endpoint();
      ForkedJvm.Result result = BedrockRuns.withAgent(receiver, version, steps(List.of(
          step(endpoint, "async", "converse-stream", CLAUDE),
          step(endpoint, "async", "converse", NOVA)))).run().assertSuccess();
      assertEquals(List.of(FakeBedrockServer.CONTENT, FakeBedrockServer.CONTENT), all(result, "content"), () -> output(result));
      List<ReceivedSpan> genAi = genAiSpans(receiver);
      assertEquals(2, genAi.size(), () -> "one span per call: " + genAi + output(result));
      ReceivedSpan stream = BedrockRuns.onlyNamed(genAi, "chat " + CLAUDE);
      assertEquals("aws.bedrock", stream.attr("gen_ai.provider.name"), stream::toString);
      assertEquals(Boolean.TRUE, stream.attributes().get("gen_ai.request.stream"), stream::toString);
      assertEquals(64L, stream.longAttr("gen_ai.request.max_tokens"));
      assertEquals("completed", stream.attr("inferscope.stream.outcome"), stream::toString);
      assertEquals((long) FakeBedrockServer.PIECES.size(), stream.longAttr("inferscope.stream.chunks"), stream::toString);
      assertEquals(List.of(FakeBedrockServer.STOP), stream.attributes().get("gen_ai.response.finish_reasons"));
      assertEquals((long) FakeBedrockServer.INPUT_TOKENS, stream.longAttr("gen_ai.usage.input_tokens"));
      assertEquals((long) FakeBedrockServer.OUTPUT_TOKENS, stream.longAttr("gen_ai.usage.output_tokens"));
      assertNotNull(stream.attributes().get("gen_ai.response.time_to_first_chunk"), stream::toString);
      assertNull(stream.attr("error.type"), stream::toString);
      ReceivedSpan converse = BedrockRuns.onlyNamed(genAi, "chat " + NOVA);
      assertEquals((long) FakeBedrockServer.INPUT_TOKENS, converse.longAttr("gen_ai.usage.input_tokens"), converse::toString);
      assertEquals("UNSET", converse.statusCode(), converse::toString);
      BedrockRuns.assertNoCredentials(receiver, result, server.requests());
    }
  }

  @Test
  void aThrottledCallRetriedIsOneSpanAndAnErrorIsOneErrorSpan() {
    try (FakeBedrockServer server = FakeBedrockServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String endpoint = server.endpoint();
      ForkedJvm.Result result = BedrockRuns.withAgent(receiver, BedrockRuns.NEWEST, steps(List.of(
          step(endpoint, "apache5", "converse", "throttle-once-sync"),
          step(endpoint, "async", "converse", "throttle-once-async"),
          step(endpoint, "apache5", "converse", "invalid-model")))).run().assertSuccess();
      assertEquals(2, all(result, "content").size(), () -> output(result));
      assertEquals(List.of("software.amazon.awssdk.services.bedrockruntime.model.ValidationException"), all(result, "caught"), () -> output(result));
      assertEquals(2 + 2 + 1, server.requests().size(), "each throttled call was tried twice, the invalid one once (400 is not retried)");
      List<ReceivedSpan> genAi = genAiSpans(receiver);
      assertEquals(3, genAi.size(), () -> "three logical calls: " + genAi + output(result));
      for (String model : List.of("throttle-once-sync", "throttle-once-async")) {
        ReceivedSpan span = BedrockRuns.onlyNamed(genAi, "chat " + model);
        assertNull(span.attr("error.type"), span::toString);
        assertEquals("UNSET", span.statusCode(), span::toString);
        assertEquals((long) FakeBedrockServer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      }
      ReceivedSpan invalid = BedrockRuns.onlyNamed(genAi, "chat invalid-model");
      assertEquals("400", invalid.attr("error.type"), invalid::toString);
      assertEquals("ERROR", invalid.statusCode(), invalid::toString);
    }
  }

  @Test
  void aStreamCancelledEarlyEndsItsSpanAsCancelled() {
    try (FakeBedrockServer server = FakeBedrockServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = BedrockRuns.withAgent(receiver, BedrockRuns.NEWEST,
          steps(List.of(step(server.endpoint(), "async", "converse-stream-cancel", "long-stream")))).run().assertSuccess();
      assertEquals(List.of("true"), all(result, "cancelled"), () -> output(result));
      ReceivedSpan span = BedrockRuns.onlyNamed(genAiSpans(receiver), "chat long-stream");
      assertEquals("cancelled", span.attr("inferscope.stream.outcome"), () -> span + output(result));
      assertTrue(span.longAttr("inferscope.stream.chunks") < FakeBedrockServer.LONG_DELTAS, span::toString);
    }
  }

  @Test
  void theApplicationReadsTheSameWithAndWithoutTheAgent() {
    try (FakeBedrockServer server = FakeBedrockServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String[] calls = steps(List.of(step(server.endpoint(), "apache5", "invoke", CLAUDE),
          step(server.endpoint(), "async", "converse-stream", NOVA)));
      ForkedJvm.Result without = BedrockRuns.withoutAgent(BedrockRuns.NEWEST, calls).run().assertSuccess();
      ForkedJvm.Result with = BedrockRuns.withAgent(receiver, BedrockRuns.NEWEST, calls).run().assertSuccess();
      for (String key : List.of("body.length", "body.sha256", "events", "content")) {
        assertEquals(all(without, key), all(with, key), key);
        assertTrue(!all(with, key).isEmpty(), key);
      }
      assertEquals(2, genAiSpans(receiver).size());
    }
  }

  /**
   * {@code inferscope.instrumentation.aws-bedrock.enabled=false}: Bedrock calls, sync (over Apache
   * HttpClient 5 and HttpURLConnection, whose hooks stay on) and async, have no GenAI span at all, and
   * the application gets its answers. An OpenAI call made after them over the JDK HttpClient in the
   * same JVM has its span: the agent ran and exported, only Bedrock was left alone.
   */
  @Test
  void switchedOffBedrockCallsHaveNoGenAiSpanAndTheApplicationWorks() {
    try (FakeBedrockServer server = FakeBedrockServer.start(); FakeLlmServer llm = FakeLlmServer.start();
        OtlpReceiver receiver = OtlpReceiver.http()) {
      String endpoint = server.endpoint();
      List<String> openAi = List.of(JdkHttpLlmApp.class.getName(), llm.openAiBaseUrl() + "/chat/completions", "string",
          "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}");
      ForkedJvm.Result result = BedrockRuns.withAgent(receiver, BedrockRuns.NEWEST, steps(List.of(
              step(endpoint, "apache5", "converse", NOVA),
              step(endpoint, "urlconnection", "converse", NOVA),
              step(endpoint, "async", "converse-stream", CLAUDE),
              openAi)))
          .sysProp("inferscope.instrumentation.aws-bedrock.enabled", "false")
          .run().assertSuccess();
      assertEquals(List.of(), all(result, "caught"), () -> output(result));
      assertEquals(List.of(FakeBedrockServer.CONTENT, FakeBedrockServer.CONTENT, FakeBedrockServer.CONTENT),
          all(result, "content"), () -> output(result));
      assertEquals(List.of("200"), all(result, "status"), () -> output(result));
      assertEquals(3, server.requests().size(), "each Bedrock call reached the server once");
      String start = result.stderr().lines().filter(l -> l.contains("InferScope") && l.contains(" started")).findFirst().orElse("");
      assertTrue(start.contains("instrumentations [") && !start.contains("aws-bedrock"), () -> "switched off: " + start);
      List<ReceivedSpan> spans = receiver.spans();
      assertEquals(List.of(), spans.stream().filter(s -> "aws.bedrock".equals(s.attr("gen_ai.provider.name"))).toList(),
          () -> "no Bedrock span" + output(result));
      List<ReceivedSpan> genAi = genAiSpans(receiver);
      assertEquals(List.of("chat gpt-4o-mini"), genAi.stream().map(ReceivedSpan::name).toList(), () -> "only the OpenAI call: " + genAi);
    }
  }

  /**
   * InferScope as the OpenTelemetry Java agent's extension: that agent's aws-sdk instrumentation also
   * traces Bedrock calls as GenAI spans (and cannot be switched off for Bedrock alone); each call has
   * exactly one, that agent's, for the sync client (its span is current around the HTTP request) and
   * the async one (its context is found in the SDK execution's attributes).
   */
  @Test
  void asAnExtensionOfTheOpenTelemetryAgentEachCallHasOneGenAiSpan() {
    try (FakeBedrockServer server = FakeBedrockServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String endpoint = server.endpoint();
      ForkedJvm.Result result = io.inferscope.tests.support.AgentApps.exportingTo(
              ForkedJvm.java17().withAgentAsExtensionOf(io.inferscope.tests.support.AgentApps.openTelemetryJavaAgent()).classpathFromTest(),
              receiver, io.inferscope.tests.support.AgentApps.HTTP)
          .classpath(BedrockRuns.jars(BedrockRuns.NEWEST)).mainClass(io.inferscope.tests.apps.AppSequence.class.getName())
          .args(java.util.stream.Stream.concat(java.util.stream.Stream.of("0"), java.util.Arrays.stream(steps(List.of(
              step(endpoint, "apache5", "converse", NOVA),
              step(endpoint, "async", "converse-stream", CLAUDE))))).toArray(String[]::new))
          .run().assertSuccess();
      assertEquals(2, all(result, "content").size(), () -> output(result));
      List<ReceivedSpan> genAi = receiver.spans().stream().filter(s -> s.attributes().get("gen_ai.operation.name") != null).toList();
      for (String model : List.of(NOVA, CLAUDE)) {
        List<ReceivedSpan> calls = genAi.stream().filter(s -> model.equals(s.attr("gen_ai.request.model"))).toList();
        assertEquals(1, calls.size(), () -> "one GenAI span for " + model + ": " + genAi + output(result));
        assertEquals("io.opentelemetry.aws-sdk-2.2", calls.get(0).scopeName(), calls.get(0)::toString);
      }
    }
  }
}
