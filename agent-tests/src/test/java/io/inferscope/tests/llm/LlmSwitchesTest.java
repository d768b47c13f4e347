package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.genAiSpans;
import static io.inferscope.tests.llm.LlmRuns.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.AppSequence;
import io.inferscope.tests.apps.LangChain4jApp;
import io.inferscope.tests.apps.OpenAiSdkApp;
import io.inferscope.tests.apps.OrtApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OnnxModels;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM instrumentation switches ({@code inferscope.instrumentation.<name>.enabled}), openai-java and
 * LangChain4j in one JVM each time. The SDK hooks make the HTTP attempts that the transport hooks see
 * into one logical call: with an SDK hook off, its calls are still traced, one span per HTTP attempt;
 * with the transport's hook off (OkHttp under openai-java, the JDK HttpClient under LangChain4j), the
 * SDK's calls are not traced at all, its own hook notwithstanding, and a start-up warning says so.
 */
class LlmSwitchesTest {
  private static final String STARTED = "[inferscope] INFO InferScope ";

  @TempDir Path dir;

  private static ForkedJvm bothSdks(OtlpReceiver receiver, FakeLlmServer server, String model, String retries, String... more) {
    List<String> args = new ArrayList<>(List.of("0",
        OpenAiSdkApp.class.getName(), server.baseUrl(), "chat", model, retries, AppSequence.SEPARATOR,
        LangChain4jApp.class.getName(), server.baseUrl(), "chat", model, retries));
    args.addAll(List.of(more));
    return LlmRuns.sdkApp(receiver, AppSequence.class.getName(), args.toArray(String[]::new));
  }

  private static String startLine(ForkedJvm.Result result) {
    return result.stderr().lines().filter(l -> l.startsWith(STARTED)).findFirst()
        .orElseThrow(() -> new AssertionError("no start line: " + output(result)));
  }

  @Test
  void withTheSdkHooksOffEveryHttpAttemptIsASpanOfItsOwn() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = bothSdks(receiver, server, "error-429", "2")
          .env("INFERSCOPE_INSTRUMENTATION_OPENAI_JAVA_ENABLED", "false")
          .sysProp("inferscope.instrumentation.langchain4j.enabled", "false")
          .run().assertSuccess();
      assertTrue(startLine(result).contains("instrumentations [onnxruntime, djl, java-http-client, http-url-connection, okhttp, apache-httpclient-5, apache-httpclient-4, reactor-netty, vertx-http-client, grpc, anthropic-java, google-genai, aws-bedrock, spring-ai]; "), startLine(result));
      assertEquals(6, server.requests().size(), () -> "each SDK tried three times: " + output(result));
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      assertEquals(6, genAi.size(), () -> "one span per attempt, not per logical call: " + genAi);
      assertEquals(6, genAi.stream().map(ReceivedSpan::traceId).distinct().count(), () -> "nothing joins them: " + genAi);
      for (ReceivedSpan attempt : genAi) {
        assertEquals("429", attempt.attr("error.type"), attempt::toString);
      }
    }
  }

  @Test
  void withTheTransportHooksOffTheSdkCallsOverThemAreNotTraced() {
    Path model = OnnxModels.matmulRelu(dir);
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      // An ONNX Runtime run in the same JVM shows that export works: the LLM calls' absence means something.
      ForkedJvm.Result result = bothSdks(receiver, server, "gpt-4o-mini", "0",
              AppSequence.SEPARATOR, OrtApp.class.getName(), "overloads", model.toString())
          .classpathFromTest("onnxruntime")
          .env("INFERSCOPE_INSTRUMENTATION_JAVA_HTTP_CLIENT_ENABLED", "false")
          .sysProp("inferscope.instrumentation.okhttp.enabled", "false")
          .run().assertSuccess();
      assertTrue(startLine(result).contains("instrumentations [onnxruntime, djl, http-url-connection, apache-httpclient-5, apache-httpclient-4, reactor-netty, vertx-http-client, grpc, openai-java, anthropic-java, google-genai, aws-bedrock, spring-ai, langchain4j]; "), startLine(result));
      assertEquals(2, result.stdout().lines().filter(l -> l.equals("content=" + FakeAnswer.CONTENT)).count(), () -> output(result));
      assertEquals(List.of(), genAiSpans(receiver.spans()), "the SDK hooks alone trace nothing");
      assertEquals(4, receiver.spans().stream().filter(s -> s.name().equals("predict matmul_relu")).count(), () -> "" + receiver.spans());
      // ... and the start-up said so, once per SDK hook left without its transport.
      List<String> warnings = result.stderr().lines().filter(l -> l.contains(" is on but ")).toList();
      assertEquals(5, warnings.size(), () -> output(result));
      assertTrue(warnings.get(0).contains("openai-java is on but okhttp is off"), warnings::toString);
      assertTrue(warnings.get(1).contains("anthropic-java is on but okhttp is off"), warnings::toString);
      assertTrue(warnings.get(2).contains("google-genai is on but okhttp is off"), warnings::toString);
      assertTrue(warnings.get(3).contains("spring-ai is on but java-http-client is off"), warnings::toString);
      assertTrue(warnings.get(4).contains("langchain4j is on but java-http-client is off"), warnings::toString);
    }
  }
}
