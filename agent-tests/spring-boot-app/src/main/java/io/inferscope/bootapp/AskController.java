package io.inferscope.bootapp;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /ask?q=...}: one chat completion ({@code gpt-4o-mini}) through openai-java against the
 * OpenAI-compatible endpoint of property {@code llm.base-url}; answers with the assistant's text.
 */
@RestController
public class AskController {
  private final OpenAIClient client;

  public AskController(@Value("${llm.base-url}") String baseUrl, @Value("${llm.api-key:sk-none}") String apiKey) {
    // No retries: one request to the LLM per question, so a test can count them.
    this.client = OpenAIOkHttpClient.builder().baseUrl(baseUrl).apiKey(apiKey).maxRetries(0).build();
  }

  @GetMapping("/ask")
  public String ask(@RequestParam String q) {
    ChatCompletion completion = client.chat().completions()
        .create(ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage(q).build());
    return completion.choices().get(0).message().content().orElse("");
  }

  @PreDestroy
  void close() {
    client.close();
  }
}
