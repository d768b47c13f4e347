package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.genAiSpans;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inferscope.tests.apps.LangChain4jApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LangChain4j 1.19.0's OpenAI module (JDK HttpClient transport) against the fake LLM server. */
class LangChain4jTest {
  private static final String APP = LangChain4jApp.class.getName();
  private static final String MODEL = "gpt-4o-mini";

  private static ForkedJvm.Result run(FakeLlmServer server, OtlpReceiver receiver, String mode, String model) {
    return LlmRuns.sdkApp(receiver, APP, server.baseUrl(), mode, model).run().assertSuccess();
  }

  @Test
  void aChatIsOneSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "chat", MODEL);
      assertEquals(FakeAnswer.CONTENT, values(result).get("content"), result.stdout());
      ReceivedSpan span = LlmRuns.onlyGenAiSpan(receiver, result);
      assertEquals("chat " + MODEL, span.name());
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      LlmRuns.assertNoSecret(receiver, result);
    }
  }

  /** The README: an SDK's retries are attempts of one span, for LangChain4j as for openai-java. */
  @Test
  void retriesAreAttemptsOfOneSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = LlmRuns.sdkApp(receiver, APP, server.baseUrl(), "chat", "error-429", "2").run().assertSuccess();
      assertEquals("dev.langchain4j.exception.RateLimitException", values(result).get("caught"), result.stdout());
      assertEquals(3, server.requests().size(), "LangChain4j tried three times");
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      assertEquals(1, genAi.size(), () -> "three HTTP attempts, one logical call: " + genAi);
      assertEquals("ERROR", genAi.get(0).statusCode(), genAi.get(0)::toString);
      assertEquals("429", genAi.get(0).attr("error.type"), genAi.get(0)::toString);
    }
  }

  @Test
  void aStreamingChatEndsWithItsStreamAndTheHandlerJoinsTheTrace() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "stream", MODEL);
      assertEquals(FakeAnswer.CONTENT, values(result).get("content"), result.stdout());
      List<ReceivedSpan> genAi = genAiSpans(receiver.spans());
      LlmRuns.assertStreamedChatWithCallbackChild(genAi, "chat " + MODEL);
    }
  }

  @Test
  void embeddingsAreOneSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = run(server, receiver, "embeddings", "text-embedding-3-small");
      assertEquals(String.valueOf(FakeAnswer.EMBEDDING_DIMENSION), values(result).get("dimension"), result.stdout());
      ReceivedSpan span = LlmRuns.onlyNamed(genAiSpans(receiver.spans()), "embeddings text-embedding-3-small");
      assertEquals((long) FakeAnswer.EMBEDDING_DIMENSION, span.longAttr("gen_ai.embeddings.dimension.count"), span::toString);
    }
  }
}
