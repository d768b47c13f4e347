package io.inferscope.tests.apps;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.document.MetadataMode;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.OpenAiEmbeddingModel;
import org.springframework.ai.openai.OpenAiEmbeddingOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.retry.support.RetryTemplate;
import reactor.core.publisher.Flux;

/**
 * An application using Spring AI's OpenAI module without Spring Boot, as its reference documents
 * (OpenAiApi and the models built directly), with no agent-specific code and only Spring AI's own
 * dependencies (so RestClient and WebClient run on the JDK HttpClient). Usage:
 * {@code SpringAiApp BASE_URL MODE MODEL [MAX_ATTEMPTS]}; MODE is {@code chat} ({@code ChatModel.call},
 * retried up to MAX_ATTEMPTS times in all, 1 unless given, as Spring AI's RetryTemplate does but without
 * its back-off delays), {@code stream} ({@code stream()} on this thread, the Flux read to its end on
 * another; an operator downstream makes one more LLM call on the first chunk), {@code stream-cancel}
 * (the Flux's first two answers taken, then cancelled), {@code embeddings} ({@code EmbeddingModel.call}).
 * Prints {@code key=value} lines.
 */
public final class SpringAiApp {
  private SpringAiApp() {}

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String mode = args[1];
    String model = args[2];
    int attempts = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    System.out.println("reactor-netty=" + present("reactor.netty.http.client.HttpClient"));
    OpenAiApi api = OpenAiApi.builder().baseUrl(baseUrl).apiKey(JdkHttpLlmApp.API_KEY).build();
    RetryTemplate retries = RetryTemplate.builder().maxAttempts(attempts).fixedBackoff(10).retryOn(TransientAiException.class).build();
    OpenAiChatModel chat = OpenAiChatModel.builder()
        .openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model(model).streamUsage(true).build())
        .retryTemplate(retries)
        .build();
    try {
      switch (mode) {
        case "chat" -> {
          ChatResponse response = chat.call(new Prompt("Say hello"));
          System.out.println("content=" + response.getResult().getOutput().getText());
          System.out.println("finish=" + response.getResult().getMetadata().getFinishReason());
          System.out.println("output.tokens=" + response.getMetadata().getUsage().getCompletionTokens());
        }
        case "stream" -> stream(chat, baseUrl);
        case "stream-cancel" -> {
          List<ChatResponse> taken = chat.stream(new Prompt("Say hello")).take(2).collectList().block();
          System.out.println("taken=" + taken.size());
          System.out.println("content=" + text(taken));
        }
        case "embeddings" -> {
          OpenAiEmbeddingModel embedder = new OpenAiEmbeddingModel(
              api, MetadataMode.EMBED, OpenAiEmbeddingOptions.builder().model(model).build(), retries);
          EmbeddingResponse response = embedder.call(new EmbeddingRequest(List.of("hello"), null));
          System.out.println("dimension=" + response.getResult().getOutput().length);
        }
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
    } catch (RuntimeException e) {
      System.out.println("caught=" + e.getClass().getName());
    }
  }

  /**
   * {@code stream()} returns before anything is sent; the Flux is subscribed later on another thread,
   * and a {@code doOnNext} downstream makes one more LLM call (LlmCallback) on the first chunk.
   */
  private static void stream(OpenAiChatModel chat, String baseUrl) throws Exception {
    Flux<ChatResponse> answer = chat.stream(new Prompt("Say hello"));
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<String> callback = new AtomicReference<>();
    Flux<ChatResponse> observed = answer.doOnNext(chunk -> {
      if (calls.getAndIncrement() == 0) {
        callback.set(Thread.currentThread().getName() + ":" + LlmCallback.embed(baseUrl));
      }
    });
    ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-reader"));
    try {
      List<ChatResponse> all = reader.submit(() -> observed.collectList().block()).get(30, TimeUnit.SECONDS);
      System.out.println("chunks=" + all.size());
      System.out.println("content=" + text(all));
      System.out.println("callback=" + callback.get());
    } catch (java.util.concurrent.ExecutionException e) {
      System.out.println("caught=" + e.getCause().getClass().getName());
    } finally {
      reader.shutdown();
    }
  }

  private static String text(List<ChatResponse> chunks) {
    StringBuilder text = new StringBuilder();
    for (ChatResponse chunk : chunks) {
      if (chunk.getResult() != null && chunk.getResult().getOutput().getText() != null) {
        text.append(chunk.getResult().getOutput().getText());
      }
    }
    return text.toString();
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, SpringAiApp.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
