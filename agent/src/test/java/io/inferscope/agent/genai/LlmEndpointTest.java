package io.inferscope.agent.genai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LlmEndpointTest {
  private static LlmEndpoint post(String host, String path) {
    return LlmEndpoint.classify("POST", host, 443, path, null);
  }

  private static void expect(String host, String path, String provider, String operation, WireFormat api) {
    LlmEndpoint e = post(host, path);
    assertNotNull(e, () -> host + path);
    assertEquals(provider, e.provider(), () -> host + path);
    assertEquals(operation, e.operation(), () -> host + path);
    assertEquals(api, e.api(), () -> host + path);
  }

  @Test
  void openAiAndCompatibleProviders() {
    expect("api.openai.com", "/v1/chat/completions", "openai", "chat", OpenAiWire.CHAT);
    expect("api.openai.com", "/v1/completions", "openai", "text_completion", OpenAiWire.COMPLETIONS);
    expect("api.openai.com", "/v1/embeddings", "openai", "embeddings", OpenAiWire.EMBEDDINGS);
    expect("api.openai.com", "/v1/responses", "openai", "chat", OpenAiWire.RESPONSES);
    expect("API.OpenAI.com.", "/v1/chat/completions/", "openai", "chat", OpenAiWire.CHAT);
    expect("api.groq.com", "/openai/v1/chat/completions", "groq", "chat", OpenAiWire.CHAT);
    expect("api.deepseek.com", "/chat/completions", "deepseek", "chat", OpenAiWire.CHAT);
    expect("api.mistral.ai", "/v1/embeddings", "mistral_ai", "embeddings", OpenAiWire.EMBEDDINGS);
    expect("api.x.ai", "/v1/chat/completions", "x_ai", "chat", OpenAiWire.CHAT);
    expect("api.perplexity.ai", "/chat/completions", "perplexity", "chat", OpenAiWire.CHAT);
    expect("generativelanguage.googleapis.com", "/v1beta/openai/chat/completions", "gcp.gemini", "chat", OpenAiWire.CHAT);
    expect("my-resource.openai.azure.com", "/openai/v1/chat/completions", "azure.ai.openai", "chat", OpenAiWire.CHAT);
    expect("my-resource.cognitiveservices.azure.com", "/openai/responses", "azure.ai.openai", "chat", OpenAiWire.RESPONSES);
  }

  @Test
  void unknownHostsSpeakingTheOpenAiProtocolAreReportedAsOpenAi() {
    expect("localhost:8000", "/v1/chat/completions", "openai", "chat", OpenAiWire.CHAT); // vLLM
    expect("127.0.0.1", "/v1/completions", "openai", "text_completion", OpenAiWire.COMPLETIONS); // llama.cpp
    expect("localhost", "/v1/embeddings", "openai", "embeddings", OpenAiWire.EMBEDDINGS); // LM Studio
    expect("ollama", "/v1/chat/completions", "openai", "chat", OpenAiWire.CHAT); // Ollama's OpenAI mode
    expect("gateway.internal", "/openai/v1/chat/completions", "openai", "chat", OpenAiWire.CHAT);
    expect("openrouter.ai", "/api/v1/chat/completions", "openai", "chat", OpenAiWire.CHAT);
    expect("[::1]:8080", "/v1/responses", "openai", "chat", OpenAiWire.RESPONSES);
    expect(null, "/v1/chat/completions", "openai", "chat", OpenAiWire.CHAT);
  }

  @Test
  void applicationRoutesThatMerelyLookAlikeAreNotLlmCalls() {
    assertNull(post("shop.example.com", "/chat/completions"), "no /v1 and not a provider host");
    assertNull(post("shop.example.com", "/orders/completions"));
    assertNull(post("api.openai.com", "/v1/models"));
    assertNull(post("api.openai.com", "/v1/responses/resp_123/cancel"));
    assertNull(post("api.anthropic.com", "/v1/messages/count_tokens"));
    assertNull(post("api.anthropic.com", "/v1/messages/batches"));
    assertNull(post("x.example.com", "/api/tags"));
    assertNull(post("x.example.com", "/v1/threads/t1/messages"), "Assistants API thread messages are not Anthropic");
    assertNull(post("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:countTokens"));
    assertNull(post("example.com", "/"));
    assertNull(post("example.com", ""));
  }

  @Test
  void onlyPost() {
    assertNull(LlmEndpoint.classify("GET", "api.openai.com", 443, "/v1/chat/completions", null));
    assertNull(LlmEndpoint.classify(null, "api.openai.com", 443, "/v1/chat/completions", null));
    assertNotNull(LlmEndpoint.classify("post", "api.openai.com", 443, "/v1/chat/completions", null));
    assertNull(LlmEndpoint.classify("POST", "api.openai.com", 443, null, null));
  }

  @Test
  void azureDeploymentsNameTheModel() {
    LlmEndpoint e = post("contoso.openai.azure.com", "/openai/deployments/gpt-4o-prod/chat/completions");
    assertEquals(new LlmEndpoint("azure.ai.openai", "chat", OpenAiWire.CHAT, "gpt-4o-prod", false), e);
    assertEquals("embed-small", post("apim.contoso.com", "/openai/deployments/embed-small/embeddings").modelFromPath());
    assertEquals(OpenAiWire.COMPLETIONS, post("c.openai.azure.com", "/openai/deployments/d/completions").api());
    assertNull(post("c.openai.azure.com", "/openai/deployments/d/images/generations"));
    assertNull(post("c.openai.azure.com", "/openai/deployments//chat/completions"));
  }

  @Test
  void anthropicMessages() {
    assertEquals(new LlmEndpoint("anthropic", "chat", AnthropicWire.MESSAGES, null, false), post("api.anthropic.com", "/v1/messages"));
    assertEquals("anthropic", post("litellm.local:4000", "/anthropic/v1/messages").provider());
  }

  @Test
  void ollamaNative() {
    expect("localhost:11434", "/api/chat", "ollama", "chat", OllamaWire.CHAT);
    expect("localhost:11434", "/api/generate", "ollama", "text_completion", OllamaWire.GENERATE);
    expect("localhost:11434", "/api/embed", "ollama", "embeddings", OllamaWire.EMBED);
    expect("localhost:11434", "/api/embeddings", "ollama", "embeddings", OllamaWire.EMBED);
    expect("webui.local", "/ollama/api/chat", "ollama", "chat", OllamaWire.CHAT);
    assertNull(post("localhost:11434", "/api/pull"));
  }

  @Test
  void geminiAndVertexNative() {
    LlmEndpoint g = post("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.5-flash:generateContent");
    assertEquals(new LlmEndpoint("gcp.gemini", "generate_content", GeminiWire.GENERATE, "gemini-2.5-flash", false), g);
    LlmEndpoint s = post("generativelanguage.googleapis.com", "/v1/models/gemini-2.0-flash:streamGenerateContent");
    assertEquals("gemini-2.0-flash", s.modelFromPath());
    assertTrue(s.streamFromPath());
    LlmEndpoint v = post("us-central1-aiplatform.googleapis.com",
        "/v1/projects/my-proj/locations/us-central1/publishers/google/models/gemini-2.0-flash-001:streamGenerateContent");
    assertEquals(new LlmEndpoint("gcp.vertex_ai", "generate_content", GeminiWire.GENERATE, "gemini-2.0-flash-001", true), v);
    assertEquals("gemini-pro", post("proxy.local", "/v1beta/models/gemini-pro%3AgenerateContent").modelFromPath(), "encoded colon");
    assertFalse(g.streamFromPath());
    assertNull(post("generativelanguage.googleapis.com", "/v1beta/models/:generateContent"));
    assertNull(post("example.com", "/anything/models/x:generateContent"));
  }

  @Test
  void geminiAndVertexEmbeddings() {
    assertEquals(new LlmEndpoint("gcp.gemini", "embeddings", GeminiWire.EMBED, "gemini-embedding-001", false),
        post("generativelanguage.googleapis.com", "/v1beta/models/gemini-embedding-001:batchEmbedContents"));
    assertEquals(new LlmEndpoint("gcp.gemini", "embeddings", GeminiWire.EMBED, "text-embedding-004", false),
        post("generativelanguage.googleapis.com", "/v1beta/models/text-embedding-004:embedContent"));
    assertEquals(new LlmEndpoint("gcp.vertex_ai", "embeddings", GeminiWire.EMBED, "text-embedding-005", false),
        post("europe-west4-aiplatform.googleapis.com",
            "/v1beta1/projects/p/locations/europe-west4/publishers/google/models/text-embedding-005:predict"));
    assertEquals(new LlmEndpoint("gcp.vertex_ai", "embeddings", GeminiWire.EMBED, "gemini-embedding-001", false),
        post("aiplatform.googleapis.com", "/v1beta1/publishers/google/models/gemini-embedding-001:embedContent"));
    assertNull(post("aiplatform.googleapis.com", "/v1beta1/publishers/google/models/imagen-3.0-generate-002:predict"),
        "Vertex AI's :predict of an image model is no embeddings call");
    assertNull(post("generativelanguage.googleapis.com", "/v1beta/models/imagen-3.0-generate-002:predict"));
    assertNull(post("generativelanguage.googleapis.com", "/v1beta/models/text-embedding-004:predict"), "the Gemini API has no :predict of embeddings");
  }

  @Test
  void vertexOpenAiCompatibleEndpoint() {
    expect("us-central1-aiplatform.googleapis.com", "/v1/projects/p/locations/us-central1/endpoints/openapi/chat/completions",
        "gcp.vertex_ai", "chat", OpenAiWire.CHAT);
  }

  @Test
  void queryStringSecretsNeverLeak() {
    String[][] requests = {
        {"generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse&key=SECRET"},
        {"generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent"},
        {"contoso.openai.azure.com", "/openai/deployments/gpt4/chat/completions?api-version=2024-10-21&key=SECRET"},
        {"proxy.local", "https://proxy.local/v1/chat/completions?key=SECRET#frag"},
        {"localhost:11434", "/api/chat?key=SECRET"},
        {"api.anthropic.com", "/v1/messages?key=SECRET"},
        {"generativelanguage.googleapis.com", "/v1beta/models/gemini%3AgenerateContent%3Fkey%3DSECRET"},
    };
    int classified = 0;
    for (String[] r : requests) {
      LlmEndpoint e = LlmEndpoint.classify("POST", r[0], 443, r[1], "alt=sse&key=SECRET");
      if (e == null) {
        continue;
      }
      classified++;
      String everything = e.toString() + e.provider() + e.operation() + e.api() + e.modelFromPath();
      assertFalse(everything.contains("SECRET"), everything);
      assertFalse(everything.contains("key="), everything);
    }
    assertEquals(6, classified, "all but the last (an encoded '?' is path, so it no longer ends in :generateContent)");
    assertEquals("gemini-2.0-flash", LlmEndpoint.classify("POST", requests[0][0], 443, requests[0][1], "key=SECRET").modelFromPath());
  }

  @Test
  void neverThrowsOnOddInput() {
    String[] paths = {"%", "%zz", "%e2%82", "?", "#", "://", "http://", "/v1/chat/completions%", ":generateContent",
        "/models/:streamGenerateContent", "/openai/deployments/", "\u0000", "/api/", "//////"};
    for (String p : paths) {
      LlmEndpoint.classify("POST", "h", -1, p, "%%%");
    }
    assertNull(LlmEndpoint.classify("POST", "h", 0, "/v1/chat/completions%", null), "a broken escape leaves the path as is");
    assertNotNull(LlmEndpoint.classify("POST", "h", 0, "/v1/chat/completions%2F", null), "a valid escape is decoded");
  }
}
