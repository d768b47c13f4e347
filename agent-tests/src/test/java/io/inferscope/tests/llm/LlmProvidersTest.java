package io.inferscope.tests.llm;

import static io.inferscope.tests.llm.LlmRuns.jdkApp;
import static io.inferscope.tests.llm.LlmRuns.onlyGenAiSpan;
import static io.inferscope.tests.llm.LlmRuns.output;
import static io.inferscope.tests.llm.LlmRuns.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inferscope.tests.apps.JdkHttpLlmApp;
import io.inferscope.tests.llm.fake.FakeAnswer;
import io.inferscope.tests.llm.fake.FakeLlmServer;
import io.inferscope.tests.llm.fake.RecordedRequest;
import io.inferscope.tests.support.ForkedJvm;
import io.inferscope.tests.support.OtlpReceiver;
import io.inferscope.tests.support.ReceivedSpan;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every wire format the agent reads, over the JDK HttpClient against the fake server: Anthropic
 * Messages, Ollama, Gemini, Azure OpenAI, OpenAI embeddings and the Responses API, as whole bodies
 * and as streams; and requests that are no LLM call get no span.
 */
class LlmProvidersTest {
  private static final String ANTHROPIC = "{\"model\":\"claude-test\",\"max_tokens\":100,\"temperature\":0.7,\"top_k\":40,"
      + "\"system\":\"Be brief.\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String OLLAMA = "{\"model\":\"llama3.2\",\"options\":{\"temperature\":0.1,\"num_predict\":32,\"seed\":7},"
      + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String GEMINI = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}],"
      + "\"generationConfig\":{\"temperature\":0.3,\"topP\":0.8,\"maxOutputTokens\":50,\"stopSequences\":[\"END\"]}}";
  private static final String AZURE = "{\"temperature\":0.5,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
  private static final String EMBEDDINGS = "{\"model\":\"text-embedding-3-small\",\"input\":\"Say hello\",\"encoding_format\":\"float\"}";
  private static final String RESPONSES = "{\"model\":\"gpt-4.1-mini\",\"input\":\"Say hello\",\"max_output_tokens\":80}";
  private static final String KEY_QUERY = "key=" + JdkHttpLlmApp.API_KEY;

  private static long anthropicInput() {
    // Anthropic leaves cache reads and writes out of input_tokens; the conventions count them in.
    return FakeAnswer.INPUT_TOKENS + FakeAnswer.CACHED_TOKENS + FakeAnswer.CACHE_CREATION_TOKENS;
  }

  @Test
  void anthropicMessagesJson() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = jdkApp(receiver, server.baseUrl() + "/v1/messages", "string", ANTHROPIC).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat claude-test", span.name());
      assertEquals("CLIENT", span.kind());
      assertEquals("anthropic", span.attr("gen_ai.provider.name"));
      assertEquals("chat", span.attr("gen_ai.operation.name"));
      assertEquals("claude-test", span.attr("gen_ai.request.model"));
      assertEquals(100L, span.longAttr("gen_ai.request.max_tokens"));
      assertEquals(0.7, span.attributes().get("gen_ai.request.temperature"));
      assertEquals(40.0, span.attributes().get("gen_ai.request.top_k"), span::toString);
      assertEquals("claude-test" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
      assertEquals(FakeAnswer.ANTHROPIC_MESSAGE_ID, span.attr("gen_ai.response.id"));
      assertEquals(List.of(FakeAnswer.ANTHROPIC_STOP_REASON), span.attributes().get("gen_ai.response.finish_reasons"));
      assertEquals(anthropicInput(), span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"));
      assertEquals((long) FakeAnswer.CACHE_CREATION_TOKENS, span.longAttr("gen_ai.usage.cache_creation.input_tokens"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      assertNull(span.attr("inferscope.stream.outcome"));
      assertFalse(span.attributes().containsKey("gen_ai.system_instructions"), "content is off by default");
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @Test
  void anthropicMessagesStream() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String body = ANTHROPIC.replace("{\"model\"", "{\"stream\":true,\"model\"");
      ForkedJvm.Result result = jdkApp(receiver, server.baseUrl() + "/v1/messages", "lines", body).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("anthropic", span.attr("gen_ai.provider.name"));
      assertEquals(true, span.attributes().get("gen_ai.request.stream"));
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertTrue((Double) span.attributes().get("gen_ai.response.time_to_first_chunk") > 0, span::toString);
      assertEquals(FakeAnswer.ANTHROPIC_MESSAGE_ID, span.attr("gen_ai.response.id"));
      assertEquals("claude-test" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
      assertEquals(List.of(FakeAnswer.ANTHROPIC_STOP_REASON), span.attributes().get("gen_ai.response.finish_reasons"));
      // message_start's usage (input, cache, provisional output 1), then message_delta's final output.
      assertEquals(anthropicInput(), span.longAttr("gen_ai.usage.input_tokens"), span::toString);
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"), span::toString);
      assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"));
      assertEquals((long) FakeAnswer.CACHE_CREATION_TOKENS, span.longAttr("gen_ai.usage.cache_creation.input_tokens"));
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  @Test
  void ollamaChatStreamsNdjsonByDefault() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = jdkApp(receiver, server.baseUrl() + "/api/chat", "lines", OLLAMA).run().assertSuccess();
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size() + 1), values(result).get("lines"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat llama3.2", span.name());
      assertEquals("ollama", span.attr("gen_ai.provider.name"));
      assertEquals("chat", span.attr("gen_ai.operation.name"));
      assertEquals(true, span.attributes().get("gen_ai.request.stream"), "Ollama streams unless told not to");
      assertEquals(0.1, span.attributes().get("gen_ai.request.temperature"));
      assertEquals(32L, span.longAttr("gen_ai.request.max_tokens"));
      assertEquals(7L, span.longAttr("gen_ai.request.seed"));
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertTrue((Double) span.attributes().get("gen_ai.response.time_to_first_chunk") > 0, span::toString);
      LlmRuns.assertAnswer(span, "llama3.2" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OLLAMA_DONE_REASON, FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  @Test
  void ollamaChatWithoutStreamingIsOneJsonBody() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String body = OLLAMA.replace("{\"model\"", "{\"stream\":false,\"model\"");
      ForkedJvm.Result result = jdkApp(receiver, server.baseUrl() + "/api/chat", "string", body).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("ollama", span.attr("gen_ai.provider.name"));
      assertEquals(false, span.attributes().get("gen_ai.request.stream"));
      assertNull(span.attr("inferscope.stream.outcome"), span::toString);
      assertNull(span.attr("inferscope.stream.chunks"), span::toString);
      LlmRuns.assertAnswer(span, "llama3.2" + FakeAnswer.RESPONSE_MODEL_SUFFIX, FakeAnswer.OLLAMA_DONE_REASON, FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  @Test
  void geminiGenerateContentTakesTheModelFromThePathAndNeverTheKeyFromTheQuery() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1beta/models/gemini-test:generateContent?" + KEY_QUERY;
      ForkedJvm.Result result = jdkApp(receiver, url, "string", GEMINI).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      assertEquals(JdkHttpLlmApp.API_KEY, server.requests().get(0).queryParameter("key").orElse(null), "the key reached the server");
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("generate_content gemini-test", span.name());
      assertEquals("gcp.gemini", span.attr("gen_ai.provider.name"));
      assertEquals("generate_content", span.attr("gen_ai.operation.name"));
      assertEquals("gemini-test", span.attr("gen_ai.request.model"));
      assertEquals(false, span.attributes().get("gen_ai.request.stream"));
      assertEquals(0.3, span.attributes().get("gen_ai.request.temperature"));
      assertEquals(0.8, span.attributes().get("gen_ai.request.top_p"));
      assertEquals(50L, span.longAttr("gen_ai.request.max_tokens"));
      assertEquals(List.of("END"), span.attributes().get("gen_ai.request.stop_sequences"));
      assertEquals(FakeAnswer.GEMINI_RESPONSE_ID, span.attr("gen_ai.response.id"));
      assertEquals("gemini-test" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
      assertEquals(List.of(FakeAnswer.GEMINI_FINISH_REASON), span.attributes().get("gen_ai.response.finish_reasons"));
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      // Gemini counts thoughts apart from candidates; the conventions' output tokens include them.
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS + FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      assertEquals((long) FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.reasoning.output_tokens"));
      assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @Test
  void geminiStreamGenerateContentOverSse() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/v1beta/models/gemini-test:streamGenerateContent?alt=sse&" + KEY_QUERY;
      ForkedJvm.Result result = jdkApp(receiver, url, "lines", GEMINI).run().assertSuccess();
      assertEquals(String.valueOf(FakeAnswer.CONTENT_PIECES.size()), values(result).get("lines"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("generate_content gemini-test", span.name());
      assertEquals("gcp.gemini", span.attr("gen_ai.provider.name"));
      assertEquals("gemini-test", span.attr("gen_ai.request.model"));
      assertEquals(true, span.attributes().get("gen_ai.request.stream"), "the path says stream");
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals(List.of(FakeAnswer.GEMINI_FINISH_REASON), span.attributes().get("gen_ai.response.finish_reasons"));
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS + FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @Test
  void azureDeploymentIsTheModel() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String url = server.baseUrl() + "/openai/deployments/my-deploy/chat/completions?api-version=2024-10-21";
      ForkedJvm.Result result = jdkApp(receiver, url, "string", AZURE).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      RecordedRequest request = server.requests().get(0);
      assertEquals(JdkHttpLlmApp.API_KEY, request.header("api-key"), "Azure's key header reached the server");
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat my-deploy", span.name());
      assertEquals("azure.ai.openai", span.attr("gen_ai.provider.name"));
      assertEquals("chat", span.attr("gen_ai.operation.name"));
      assertEquals("my-deploy", span.attr("gen_ai.request.model"));
      assertEquals(0.5, span.attributes().get("gen_ai.request.temperature"));
      assertEquals("my-deploy" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
      assertEquals(FakeAnswer.CHAT_COMPLETION_ID, span.attr("gen_ai.response.id"));
      assertEquals((long) FakeAnswer.INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      assertEquals((long) FakeAnswer.OUTPUT_TOKENS, span.longAttr("gen_ai.usage.output_tokens"));
      assertEquals("UNSET", span.statusCode(), span::toString);
      LlmRuns.assertNoSecretAnywhere(receiver, result);
    }
  }

  @Test
  void openAiEmbeddingsReportTheDimensionCount() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = jdkApp(receiver, server.baseUrl() + "/v1/embeddings", "string", EMBEDDINGS).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("embeddings text-embedding-3-small", span.name());
      assertEquals("embeddings", span.attr("gen_ai.operation.name"));
      assertEquals("openai", span.attr("gen_ai.provider.name"));
      assertEquals(List.of("float"), span.attributes().get("gen_ai.request.encoding_formats"), span::toString);
      assertEquals((long) FakeAnswer.EMBEDDING_DIMENSION, span.longAttr("gen_ai.embeddings.dimension.count"), span::toString);
      assertEquals("text-embedding-3-small" + FakeAnswer.RESPONSE_MODEL_SUFFIX, span.attr("gen_ai.response.model"));
      assertEquals((long) FakeAnswer.EMBEDDING_INPUT_TOKENS, span.longAttr("gen_ai.usage.input_tokens"));
      assertNull(span.attr("gen_ai.usage.output_tokens"), "embeddings produce no output tokens");
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  @Test
  void openAiResponsesJson() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      ForkedJvm.Result result = jdkApp(receiver, server.baseUrl() + "/v1/responses", "string", RESPONSES).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat gpt-4.1-mini", span.name());
      assertEquals("chat", span.attr("gen_ai.operation.name"));
      assertEquals("openai", span.attr("gen_ai.provider.name"));
      assertEquals(80L, span.longAttr("gen_ai.request.max_tokens"));
      assertEquals(FakeAnswer.RESPONSE_ID, span.attr("gen_ai.response.id"));
      LlmRuns.assertAnswer(span, "gpt-4.1-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, "stop", FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals((long) FakeAnswer.CACHED_TOKENS, span.longAttr("gen_ai.usage.cache_read.input_tokens"));
      assertEquals((long) FakeAnswer.REASONING_TOKENS, span.longAttr("gen_ai.usage.reasoning.output_tokens"));
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  @Test
  void openAiResponsesStream() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String body = RESPONSES.replace("{\"model\"", "{\"stream\":true,\"model\"");
      ForkedJvm.Result result = jdkApp(receiver, server.baseUrl() + "/v1/responses", "lines", body).run().assertSuccess();
      assertEquals("200", values(result).get("status"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat gpt-4.1-mini", span.name());
      assertEquals(true, span.attributes().get("gen_ai.request.stream"));
      assertEquals("completed", span.attr("inferscope.stream.outcome"), span::toString);
      assertEquals((long) FakeAnswer.CONTENT_PIECES.size(), span.longAttr("inferscope.stream.chunks"), span::toString);
      assertEquals(FakeAnswer.RESPONSE_ID, span.attr("gen_ai.response.id"));
      LlmRuns.assertAnswer(span, "gpt-4.1-mini" + FakeAnswer.RESPONSE_MODEL_SUFFIX, "stop", FakeAnswer.INPUT_TOKENS, FakeAnswer.OUTPUT_TOKENS);
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }

  /**
   * Requests to the same server that are no LLM call (a GET, and a POST to an unknown /v1 path)
   * get no GenAI span; the LLM call made between them in the same JVM does, so the export worked.
   */
  @Test
  void requestsThatAreNoLlmCallGetNoSpan() {
    try (FakeLlmServer server = FakeLlmServer.start(); OtlpReceiver receiver = OtlpReceiver.http()) {
      String chat = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}]}";
      ForkedJvm.Result result = LlmRuns.jdkSequence(receiver,
          server.baseUrl() + "/health", "string",
          "--", server.baseUrl() + "/v1/other", "string", chat,
          "--", server.baseUrl() + "/v1/chat/completions", "string", chat,
          "--", server.baseUrl() + "/v1/chat/completions/extra", "string", chat).run().assertSuccess();
      assertEquals(4, server.requests().size(), () -> output(result));
      assertTrue(result.stdout().contains("status=404"), () -> output(result));
      ReceivedSpan span = onlyGenAiSpan(receiver, result);
      assertEquals("chat gpt-4o-mini", span.name());
      assertEquals("UNSET", span.statusCode(), span::toString);
    }
  }
}
