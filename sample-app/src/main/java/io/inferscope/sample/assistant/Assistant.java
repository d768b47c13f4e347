package io.inferscope.sample.assistant;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.Embedding;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.inferscope.sample.http.UpstreamException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Answers questions and embeds texts with an OpenAI-compatible LLM API, through the two client
 * libraries applications typically use: OpenAI's openai-java and LangChain4j.
 */
public final class Assistant implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int MAX_RETRIES = 1;
  private static final String SYSTEM_PROMPT = "You are a concise assistant for a payments team.";

  private final String baseUrl;
  private final String chatModel;
  private final String embeddingModel;
  private final OpenAIClient openAi;
  private final OpenAiChatModel langChain4j;

  /** {@code baseUrl} as for the OpenAI API, e.g. {@code https://api.openai.com/v1}. */
  public Assistant(String baseUrl, String apiKey, String chatModel, String embeddingModel) {
    this.baseUrl = baseUrl;
    this.chatModel = chatModel;
    this.embeddingModel = embeddingModel;
    this.openAi = OpenAIOkHttpClient.builder()
        .baseUrl(baseUrl).apiKey(apiKey).timeout(TIMEOUT).maxRetries(MAX_RETRIES).build();
    this.langChain4j = OpenAiChatModel.builder()
        .baseUrl(baseUrl).apiKey(apiKey).modelName(chatModel).timeout(TIMEOUT).maxRetries(MAX_RETRIES).build();
  }

  /**
   * Checks that the endpoint answers, by listing its models (no tokens spent), and returns how many it
   * offers. Doing it at start-up also loads the clients' classes before the first user request.
   */
  public int check() {
    return call(() -> openAi.models().list().data().size());
  }

  /** One chat completion with openai-java. */
  public String chat(String question) {
    ChatCompletion completion = call(() -> openAi.chat().completions().create(chatParams(question).build()));
    return completion.choices().isEmpty() ? "" : completion.choices().get(0).message().content().orElse("");
  }

  /** A streamed chat completion with openai-java, read to the end; usage is asked for in the last chunk. */
  public String chatStreamed(String question) {
    ChatCompletionCreateParams params = chatParams(question)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    return call(() -> {
      StringBuilder answer = new StringBuilder();
      try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(params)) {
        stream.stream().forEach(chunk -> chunk.choices().forEach(
            choice -> choice.delta().content().ifPresent(answer::append)));
      }
      return answer.toString();
    });
  }

  /** One chat with LangChain4j's OpenAI model. */
  public String chatWithLangChain4j(String question) {
    return call(() -> langChain4j.chat(question));
  }

  /** One embedding vector per text, with openai-java. */
  public List<List<Float>> embed(List<String> texts) {
    CreateEmbeddingResponse response = call(() -> openAi.embeddings().create(
        EmbeddingCreateParams.builder().model(embeddingModel).inputOfArrayOfStrings(texts).build()));
    return response.data().stream().map(Embedding::embedding).toList();
  }

  private ChatCompletionCreateParams.Builder chatParams(String question) {
    return ChatCompletionCreateParams.builder()
        .model(chatModel).addSystemMessage(SYSTEM_PROMPT).addUserMessage(question)
        .temperature(0.2).maxCompletionTokens(256L);
  }

  /** Runs an LLM call; any client failure becomes one message naming the endpoint and the root cause. */
  private <T> T call(Supplier<T> request) {
    try {
      return request.get();
    } catch (RuntimeException e) {
      throw new UpstreamException("LLM endpoint " + baseUrl + " failed: " + rootCause(e), e);
    }
  }

  /**
   * The failure as one short line: the first I/O error in the cause chain (what went wrong on the
   * wire: refused, unknown host, timeout), else the innermost cause.
   */
  private static String rootCause(Throwable e) {
    Throwable chosen = e;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      chosen = t;
      if (t instanceof IOException) {
        break;
      }
    }
    String message = chosen.getMessage() == null ? "" : chosen.getMessage().lines().findFirst().orElse("");
    // An error body can be long (an HTML error page); its first line, shortened, says enough.
    message = message.length() > 300 ? message.substring(0, 300) + "..." : message;
    return chosen.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  @Override
  public void close() {
    openAi.close();
  }
}
