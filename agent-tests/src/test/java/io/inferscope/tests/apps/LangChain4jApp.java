package io.inferscope.tests.apps;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An application using LangChain4j's OpenAI module as documented, with no agent-specific code.
 * Usage: {@code LangChain4jApp BASE_URL MODE MODEL [MAX_RETRIES]}; MODE is {@code chat} (retried
 * MAX_RETRIES times, 0 unless given), {@code stream} (the completion handler makes one more LLM call) or
 * {@code embeddings}. Prints {@code key=value} lines.
 */
public final class LangChain4jApp {
  private LangChain4jApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0] + "/v1";
    String mode = args[1];
    String model = args[2];
    int retries = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    try {
      switch (mode) {
        case "chat" -> {
          OpenAiChatModel chat = OpenAiChatModel.builder()
              .baseUrl(baseUrl).apiKey(JdkHttpLlmApp.API_KEY).modelName(model).maxRetries(retries).build();
          System.out.println("content=" + chat.chat("Say hello"));
        }
        case "stream" -> {
          OpenAiStreamingChatModel chat = OpenAiStreamingChatModel.builder()
              .baseUrl(baseUrl).apiKey(JdkHttpLlmApp.API_KEY).modelName(model).build();
          CompletableFuture<String> done = new CompletableFuture<>();
          StringBuilder text = new StringBuilder();
          chat.chat("Say hello", new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
              text.append(partial);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
              done.complete(Thread.currentThread().getName() + ":" + LlmCallback.embed(args[0]));
            }

            @Override
            public void onError(Throwable error) {
              done.completeExceptionally(error);
            }
          });
          System.out.println("handler=" + done.get(30, TimeUnit.SECONDS));
          System.out.println("content=" + text);
        }
        case "embeddings" -> {
          OpenAiEmbeddingModel embedder = OpenAiEmbeddingModel.builder()
              .baseUrl(baseUrl).apiKey(JdkHttpLlmApp.API_KEY).modelName(model).build();
          System.out.println("dimension=" + embedder.embed("hello").content().dimension());
        }
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
    } catch (RuntimeException e) {
      System.out.println("caught=" + e.getClass().getName());
    }
  }
}
